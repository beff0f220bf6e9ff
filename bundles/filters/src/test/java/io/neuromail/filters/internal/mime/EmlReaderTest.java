package io.neuromail.filters.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filters.internal.message.MessageAnalyzer;

class EmlReaderTest {

    private static Email read(String eml) {
        return EmlReader.read(eml.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void quotedPrintableSoftBreaksAndEscapesAreUndone() {
        Email email = read("""
                From: Deals <deals@example.com>
                Subject: Hello
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Get fr=65e m=6Fney to=
                day, caf=C3=A9 included.
                """);
        assertEquals("Get free money today, café included.\r\n", email.text());
        assertNull(email.html());
        assertEquals("Deals <deals@example.com>", email.from());
    }

    @Test
    void theFiltersSeeWordsHiddenByQuotedPrintable() {
        Email email = read("""
                Subject: Hello
                Content-Type: text/html; charset=us-ascii
                Content-Transfer-Encoding: quoted-printable

                <p>Claim your fr=65e m=6F=
                ney now</p>
                """);
        String visible = MessageAnalyzer.analyze(email).visibleText();
        assertTrue(visible.contains("Claim your free money now"), visible);
    }

    @Test
    void base64HtmlInMultipartAlternative() {
        String html = "<html><body><p>Gr\u00fc\u00dfe aus Berlin</p></body></html>";
        String b64 = Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8));
        Email email = read("""
                From: news@example.org
                Subject: Newsletter
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/plain; charset=us-ascii

                Greetings from Berlin
                --b1
                Content-Type: text/html; charset=UTF-8
                Content-Transfer-Encoding: base64

                %s
                --b1--
                """.formatted(b64));
        assertEquals(html, email.html());
        assertEquals("Greetings from Berlin", email.text());
    }

    @Test
    void encodedWordSubjectAndReplyTo() {
        Email email = read("""
                From: =?UTF-8?Q?Caf=C3=A9_Team?= <team@example.com>
                Reply-To: =?ISO-8859-1?B?Suly9G1l?= <j@example.com>
                Subject: =?UTF-8?Q?Fr=65e_m=6Fney_=E2=82=AC?=
                 =?UTF-8?B?IGluc2lkZQ==?=
                Content-Type: text/plain

                Hi
                """);
        assertEquals("Free money € inside", email.subject());
        assertEquals("Café Team <team@example.com>", email.from());
        assertEquals("Jérôme <j@example.com>", email.replyTo());
    }

    @Test
    void nestedMultipartsSkipAttachmentsAndKeepOtherHeaders() {
        Email email = read("""
                From: a@example.com
                To: b@example.com
                Subject: Nested
                List-Unsubscribe: <https://example.com/u>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/related; boundary=related

                --related
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Plain =E2=9C=93
                --alt
                Content-Type: text/html; charset=utf-8

                <p>Deep HTML</p>
                --alt--
                --related
                Content-Type: image/png
                Content-Transfer-Encoding: base64

                iVBORw0KGgo=
                --related--
                --outer
                Content-Type: text/plain; name=notes.txt
                Content-Disposition: attachment; filename=notes.txt

                attached text, not the body
                --outer--
                """);
        assertEquals("Plain \u2713", email.text());
        assertEquals("<p>Deep HTML</p>", email.html());
        assertEquals("<https://example.com/u>", email.headers().get("List-Unsubscribe"));
        assertFalse(email.headers().containsKey("Content-Type"));
        assertFalse(email.headers().containsKey("To"));
    }

    @Test
    void iso88591CharsetIsHonoured() {
        byte[] raw = ("Subject: Preise\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nK\u00e4se f\u00fcr 5 \u00a3\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("K\u00e4se f\u00fcr 5 \u00a3\r\n", EmlReader.read(raw).text());
        String qp = "Subject: x\r\nContent-Type: text/html; charset=\"iso-8859-1\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<b>K=E4se</b>";
        assertEquals("<b>K\u00e4se</b>", EmlReader.read(qp.getBytes(StandardCharsets.US_ASCII)).html());
    }

    @Test
    void malformedInputIsRejectedWithAPreciseMessage() {
        Map<String, String> cases = Map.of(
                "not a message at all\r\n", "No message headers found",
                "Subject: x\r\nContent-Type: text/\r\n\r\nbody", "Invalid Content-Type \"text/\"",
                "Subject: x\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\nno boundary ever appears\r\n", "not valid MIME",
                "Subject: x\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nbody", "unknown charset \"x-no-such-charset\"",
                "Subject: x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=", "no text/plain or text/html body part",
                "Subject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nbody", "x-unknown");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> EmlReader.read(c.getKey().getBytes(StandardCharsets.US_ASCII)), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), () -> c.getKey() + " gave: " + e.getMessage());
        }
    }
}
