package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The MIME of one ledger row: headers through Jakarta Mail, unsubscribe link, merge fields. */
class MessageBuilderTest {

    private final UnsubscribeTokens tokens = new UnsubscribeTokens("0123456789abcdef0123456789abcdef".getBytes());
    private final MessageBuilder builder = new MessageBuilder(() -> "https://mail.example.com", "", tokens);

    @Test
    void aCampaignMessageCarriesOneClickUnsubscribeAndAStableMessageId() {
        SendContent send = new SendContent("send-1", "acct-1", SendKind.CAMPAIGN, "news@example.com", "Nëws", null,
                "Hello {{name}}", "Hi {{name}}", "<p>Hi {{name}}</p>");
        String mime = new String(builder.build(send, "row-1", "ann@example.org", Map.of("name", "Ann <b>\r\nBcc: x@y.z")), StandardCharsets.UTF_8);
        assertTrue(mime.contains("Message-ID: <row-1@example.com>"), mime);
        String token = tokens.token("acct-1", "send-1", "row-1", "ann@example.org");
        assertTrue(mime.contains("List-Unsubscribe: <https://mail.example.com/unsubscribe/" + token + ">"), mime);
        assertTrue(mime.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assertTrue(mime.contains("Subject: Hello Ann <b> Bcc: x@y.z"), "line breaks of merge fields are flattened: " + mime);
        String headers = mime.substring(0, mime.indexOf("\r\n\r\n"));
        assertFalse(headers.contains("\nBcc:"), "no header of the merge field's own: " + headers);
        assertTrue(mime.contains("Ann &lt;b&gt;"), "escaped in HTML");
        assertTrue(mime.contains("=?UTF-8?"), "non-ASCII display name encoded");
        assertFalse(mime.contains("X-SES-"), "delivery adds no provider headers");
    }

    @Test
    void bodiesReadBackAsWrittenWhateverTheirEncoding() throws Exception {
        String longLine = "word ".repeat(400);
        String cyrillic = "Привет, {{name}}! ".repeat(50);
        String[][] cases = {
            {"Short ASCII text,\nsecond line.", null, "7bit"},
            {"Hi {{name}}: " + longLine + "\r\nend", null, "quoted-printable"},
            {"Grüße, {{name}} =3D .\rnext", null, "quoted-printable"},
            {cyrillic, null, "base64"},
            {null, "<p>Hi {{name}}</p>", "7bit"},
            {"Plain for {{name}}", "<p>" + longLine + " für {{name}}</p>", null},
        };
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
        for (String[] c : cases) {
            // Transactional: bodies exactly as written (marketing bodies get the unsubscribe footer, tested below).
            SendContent send = new SendContent("s", "a", SendKind.TRANSACTIONAL, "news@example.com", null, null, "Hi",
                    c[0], c[1]);
            byte[] raw = builder.build(send, "row", "ann@example.org", Map.of("name", "Ann"));
            jakarta.mail.internet.MimeMessage parsed = new jakarta.mail.internet.MimeMessage(session,
                    new java.io.ByteArrayInputStream(raw));
            String text = c[0] == null ? null : Personalisation.text(c[0], Map.of("name", "Ann")).replaceAll("\r\n|\r|\n", "\r\n");
            String html = c[1] == null ? null : Personalisation.html(c[1], Map.of("name", "Ann"));
            if (text != null && html != null) {
                jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
                assertTrue(parsed.getContentType().startsWith("multipart/alternative"), parsed.getContentType());
                assertEquals(2, parts.getCount());
                assertEquals(text, parts.getBodyPart(0).getContent());
                assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
                assertEquals(html, parts.getBodyPart(1).getContent());
                assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
            } else {
                assertEquals(text != null ? text : html, parsed.getContent(), "content of " + c[2]);
                assertEquals(c[2], parsed.getEncoding());
                assertTrue(parsed.isMimeType(text != null ? "text/plain" : "text/html"));
            }
            assertEquals("1.0", parsed.getHeader("MIME-Version", null));
            assertEquals("<row@example.com>", parsed.getMessageID());
            String asText = new String(raw, StandardCharsets.ISO_8859_1);
            assertFalse(asText.replace("\r\n", "").contains("\n") || asText.replace("\r\n", "").contains("\r"),
                    "only CRLF line ends");
            for (String line : asText.split("\r\n")) {
                assertTrue(line.length() <= 998, "line of " + line.length());
            }
        }
    }

    @Test
    void transactionalMessagesHaveNoUnsubscribe() {
        SendContent send = new SendContent("send-2", "acct-1", SendKind.TRANSACTIONAL, "shop@example.com", null, null,
                "Receipt", "Thanks", null);
        String mime = new String(builder.build(send, "row-2", "bob@example.org", Map.of()), StandardCharsets.UTF_8);
        assertFalse(mime.contains("List-Unsubscribe"));
        assertTrue(mime.contains("Message-ID: <row-2@example.com>"));
    }

    @Test
    void headerValuesWithLineBreaksAreRefused() {
        SendContent send = new SendContent("s", "a", SendKind.TRANSACTIONAL, "shop@example.com", "Shop\nBcc: x@y.z", null,
                "Receipt", "Thanks", null);
        assertThrows(IllegalArgumentException.class, () -> builder.build(send, "r", "bob@example.org", Map.of()));
    }

    @Test
    void unsubscribeTokensVerifyOnlyForTheirRow() {
        String token = tokens.token("acct-1", "send-1", "row-1", "Ann@Example.org");
        assertTrue(tokens.verify(token, "acct-1", "send-1", "ann@example.org"));
        assertFalse(tokens.verify(token, "acct-2", "send-1", "ann@example.org"));
        assertFalse(tokens.verify(token, "acct-1", "send-1", "bob@example.org"));
        assertFalse(tokens.verify(token.substring(0, token.length() - 2) + "AA", "acct-1", "send-1", "ann@example.org"));
        assertEquals("row-1", UnsubscribeTokens.deliveryId(token).orElseThrow());
    }

    @Test
    void backoffGrowsWithJitterAndHonoursTheProvidersHint() {
        Backoff low = new Backoff(1000, 60_000, () -> 0.0);
        Backoff high = new Backoff(1000, 60_000, () -> 0.999);
        assertEquals(500, low.delayMillis(1, java.time.Duration.ZERO));
        assertEquals(2000, low.delayMillis(3, java.time.Duration.ZERO));
        assertTrue(high.delayMillis(3, java.time.Duration.ZERO) < 4000);
        assertEquals(30_000, low.delayMillis(40, java.time.Duration.ZERO), "capped, then half jittered");
        assertEquals(90_000, low.delayMillis(1, java.time.Duration.ofSeconds(90)), "never before the provider's hint");
    }

    @Test
    void everyMarketingBodyShowsTheUnsubscribeLinkWhereTheTagIsOrInAFooter() throws Exception {
        String token = tokens.token("acct-1", "send-3", "row-3", "ann@example.org");
        String url = "https://mail.example.com/unsubscribe/" + token;
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
        SendContent tagged = new SendContent("send-3", "acct-1", SendKind.CAMPAIGN, "news@example.com", null,
                "replies@example.org", "Hi", "Bye: {{ unsubscribe_url }}", "<html><body><a href=\"{{unsubscribe_url}}\">out"
                + "</a></body></html>");
        jakarta.mail.internet.MimeMessage parsed = new jakarta.mail.internet.MimeMessage(session,
                new java.io.ByteArrayInputStream(builder.build(tagged, "row-3", "ann@example.org", Map.of())));
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
        assertEquals("Bye: " + url, parts.getBodyPart(0).getContent());
        assertEquals("<html><body><a href=\"" + url + "\">out</a></body></html>", parts.getBodyPart(1).getContent());
        assertEquals("replies@example.org", ((jakarta.mail.internet.InternetAddress) parsed.getReplyTo()[0]).getAddress());

        SendContent plain = new SendContent("send-3", "acct-1", SendKind.TEST, "news@example.com", null, null, "Hi",
                "Just text", "<html><body><p>Just html</p></body></html>");
        parsed = new jakarta.mail.internet.MimeMessage(session, new java.io.ByteArrayInputStream(builder.build(plain,
                "row-3", "ann@example.org", Map.of())));
        parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(text.startsWith("Just text") && text.contains("unsubscribe: " + url), text);
        assertTrue(html.startsWith("<html><body><p>Just html</p><p") && html.contains("href=\"" + url + "\"")
                && html.endsWith("</body></html>"), "footer before </body>: " + html);
    }

    @Test
    void transactionalMailHasNoUnsubscribeAndMarketingMailCannotBeBuiltWithoutThePublicAddress() {
        SendContent receipt = new SendContent("s", "a", SendKind.TRANSACTIONAL, "shop@example.com", null, null, "Receipt",
                "Thanks", null);
        String mime = new String(builder.build(receipt, "row", "ann@example.org", Map.of()), StandardCharsets.UTF_8);
        assertFalse(mime.contains("List-Unsubscribe"), mime);
        assertFalse(mime.contains("unsubscribe"), mime);
        MessageBuilder unset = new MessageBuilder(() -> "", "", tokens);
        assertFalse(unset.canBuildMarketing());
        SendContent news = new SendContent("s", "a", SendKind.CAMPAIGN, "news@example.com", null, null, "News", "Hi",
                null);
        assertThrows(IllegalStateException.class, () -> unset.build(news, "row", "ann@example.org", Map.of()));
        MessageBuilder withMailbox = new MessageBuilder(() -> "https://mail.example.com", "unsubscribe@example.com", tokens);
        String withMailto = new String(withMailbox.build(news, "row", "ann@example.org", Map.of()), StandardCharsets.UTF_8);
        assertTrue(withMailto.contains(", <mailto:unsubscribe@example.com?subject=unsubscribe%20row>"), withMailto);
    }
}
