package io.neuromail.filters.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filters.internal.message.MessageAnalyzer;

class EmlReaderTest {

    private static Email read(String eml) {
        return EmlReader.read(eml.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)).email();
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
        assertEquals("K\u00e4se f\u00fcr 5 \u00a3\r\n", EmlReader.read(raw).email().text());
        String qp = "Subject: x\r\nContent-Type: text/html; charset=\"iso-8859-1\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<b>K=E4se</b>";
        assertEquals("<b>K\u00e4se</b>", EmlReader.read(qp.getBytes(StandardCharsets.US_ASCII)).email().html());
    }

    @Test
    void onlyInputWithoutHeadersOrWithoutATextBodyIsRefused() {
        Map<String, String> cases = Map.of(
                "not a message at all\r\n", "No message headers found",
                "Subject: x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=", "no text/plain or text/html body part");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> EmlReader.read(c.getKey().getBytes(StandardCharsets.US_ASCII)), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), () -> c.getKey() + " gave: " + e.getMessage());
        }
    }

    private static List<String> odd(EmlReader.Result read) {
        return read.findings().stream().map(Finding::ruleId).toList();
    }

    @Test
    void anMboxFromLineIsSkippedAndSaidSo() {
        EmlReader.Result read = EmlReader.read("From sender@example.org Mon Sep  2 12:00:00 2002\nSubject: Hello\nContent-Type: text/plain\n\nBody\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("Hello", read.email().subject());
        assertEquals("Body\n", read.email().text());
        assertEquals(List.of("message.mbox-line"), odd(read));
    }

    @Test
    void anUnknownCharsetIsReadAsUtf8OrWindows1252() {
        EmlReader.Result utf8 = EmlReader.read(("Subject: x\r\nContent-Type: text/plain; charset=DEFAULT_CHARSET\r\n\r\nCaf\u00e9").getBytes(StandardCharsets.UTF_8));
        assertEquals("Caf\u00e9", utf8.email().text());
        assertEquals(List.of("message.unknown-charset"), odd(utf8));
        assertTrue(utf8.findings().get(0).message().contains("DEFAULT_CHARSET"), utf8.findings().get(0).message());
        EmlReader.Result cp1252 = EmlReader.read(("Subject: x\r\nContent-Type: text/html; charset=x-no-such-charset\r\n\r\n<p>\u201cQuoted\u201d \u20ac5</p>")
                .getBytes(Charset.forName("windows-1252")));
        assertEquals("<p>\u201cQuoted\u201d \u20ac5</p>", cp1252.email().html());
        assertTrue(cp1252.findings().get(0).message().endsWith("windows-1252"), cp1252.findings().get(0).message());
    }

    @Test
    void usAsciiDeclaredFor8BitTextIsAWrongLabel() {
        EmlReader.Result read = EmlReader.read("Subject: x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nM\u00fcnchen".getBytes(StandardCharsets.UTF_8));
        assertEquals("M\u00fcnchen", read.email().text());
        assertEquals(List.of("message.wrong-charset"), odd(read));
    }

    @Test
    void aMalformedContentTypeGivesUpItsTypeAndCharset() {
        EmlReader.Result semicolons = EmlReader.read(("Subject: x\r\nContent-Type: text/html;;;;;;;;; charset=\"iso-8859-1\"\r\n\r\n<p>K\u00e4se</p>").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("<p>K\u00e4se</p>", semicolons.email().html());
        assertEquals(List.of("message.content-type"), odd(semicolons));
        EmlReader.Result noSemicolon = EmlReader.read("Subject: x\r\nContent-Type: TEXT/PLAIN charset=US-ASCII\r\n\r\nplain words".getBytes(StandardCharsets.US_ASCII));
        assertEquals("plain words", noSemicolon.email().text());
        EmlReader.Result noSubtype = EmlReader.read("Subject: x\r\nContent-Type: text/\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII));
        assertEquals("body", noSubtype.email().text());
        assertEquals(List.of("message.content-type"), odd(noSubtype));
    }

    @Test
    void aMultipartWhoseBoundaryNeverComesIsReadAsText() {
        EmlReader.Result read = EmlReader.read("Subject: x\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\nno boundary ever appears, claim your prize\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(read.email().text().contains("claim your prize"), read.email().text());
        assertEquals(List.of("message.broken-multipart"), odd(read));
        String boundaryInBrokenType = "Subject: x\r\nContent-Type: multipart/alternative;; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n--b1--\r\n";
        EmlReader.Result repaired = EmlReader.read(boundaryInBrokenType.getBytes(StandardCharsets.US_ASCII));
        assertEquals("first part", repaired.email().text());
        assertEquals(List.of("message.content-type"), odd(repaired));
    }

    @Test
    void brokenOrUnknownTransferEncodingsAreReadAsFarAsTheyGo() {
        String text = Base64.getEncoder().encodeToString("Hello friend".getBytes(StandardCharsets.US_ASCII));
        EmlReader.Result base64 = EmlReader.read(("Subject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + text + "\r\nx\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("Hello friend", base64.email().text());
        assertEquals(List.of("message.broken-base64"), odd(base64));
        EmlReader.Result unknown = EmlReader.read("Subject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII));
        assertEquals("body", unknown.email().text());
        assertEquals(List.of("message.transfer-encoding"), odd(unknown));
    }

    @Test
    void eightBitHeadersAreReadAsUtf8OrWindows1252() {
        EmlReader.Result utf8 = EmlReader.read("Subject: Gr\u00fc\u00dfe aus K\u00f6ln\r\nContent-Type: text/plain\r\n\r\nbody".getBytes(StandardCharsets.UTF_8));
        assertEquals("Gr\u00fc\u00dfe aus K\u00f6ln", utf8.email().subject());
        assertEquals(List.of("message.8bit-header"), odd(utf8));
        EmlReader.Result latin = EmlReader.read("Subject: caf\u00e9 cr\u00e8me\r\nContent-Type: text/plain\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("caf\u00e9 cr\u00e8me", latin.email().subject());
    }

    @Test
    void aMalformedContentDispositionIsJudgedByItsFirstWord() {
        String eml = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; name=x.doc\r\nContent-Disposition: attachment; filename=Yinxiang Motorcycles.doc\r\n\r\nnot read\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nthe text\r\n--b--\r\n";
        EmlReader.Result read = EmlReader.read(eml.getBytes(StandardCharsets.US_ASCII));
        assertEquals("the text", read.email().text());
        assertEquals(List.of("message.content-disposition"), odd(read));
    }

    @Test
    void aWellFormedMessageHasNoReaderFindings() {
        assertEquals(List.of(), odd(EmlReader.read("Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCaf\u00e9".getBytes(StandardCharsets.UTF_8))));
    }
}
