package io.neuromail.itests.filters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Raw messages ({@code .eml}) for the content check, as a mail program would save them. */
public final class Emls {

    private Emls() {
    }

    /** Spam whose wording only shows once quoted-printable and the encoded-word subject are decoded. */
    public static String spam() {
        return String.join("\r\n",
                "From: =?UTF-8?Q?Prize_Desk?= <winner@prize-desk.example>",
                "To: you@example.org",
                "Subject: =?UTF-8?Q?Act_n=6Fw=21=21=21?=",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"spam-b\"",
                "",
                "--spam-b",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Claim your pr=69ze: fr=65e m=6F=",
                "ney, no credit check, 100% guaranteed, act n=6Fw!!!",
                "--spam-b",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "<p>Claim your pr=69ze: <b>fr=65e m=6F=",
                "ney</b>, no credit check, 100% guaranteed, act n=6Fw!!!</p>",
                "--spam-b--",
                "");
    }

    /** A legitimate newsletter: base64 HTML, a Latin-1 text part, an unsubscribe header and link. */
    public static String newsletter() {
        String html = "<h1>Autumn at the library</h1><p>Join our reading circle on Thursday evenings. "
                + "We discuss a new novel each month and tea is served. Café corner reopens.</p>"
                + "<p><a href=\"https://library.example.org/unsubscribe\">Unsubscribe</a></p>";
        return String.join("\r\n",
                "From: Library <news@library.example.org>",
                "Subject: =?ISO-8859-1?Q?Herbst_in_der_B=FCcherei?=",
                "List-Unsubscribe: <https://library.example.org/unsubscribe>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=news-b",
                "",
                "--news-b",
                "Content-Type: text/plain; charset=ISO-8859-1",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Join our reading circle on Thursday evenings. Caf=E9 corner reopens.",
                "Unsubscribe: https://library.example.org/unsubscribe",
                "--news-b",
                "Content-Type: text/html; charset=UTF-8",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)),
                "--news-b--",
                "");
    }
}
