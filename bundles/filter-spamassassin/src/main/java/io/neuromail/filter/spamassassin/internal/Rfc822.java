package io.neuromail.filter.spamassassin.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.neuromail.filter.api.Email;

/**
 * Renders an {@link Email} as the RFC 5322 message that will be sent: headers, and its HTML and text
 * parts as {@code multipart/alternative} (or a single part), UTF-8, so spamd judges what recipients get.
 */
final class Rfc822 {

    private Rfc822() {
    }

    static byte[] render(Email email, ZonedDateTime now) {
        StringBuilder m = new StringBuilder();
        header(m, "From", email.from() == null || email.from().isBlank() ? "unknown@localhost" : email.from());
        if (email.replyTo() != null && !email.replyTo().isBlank()) {
            header(m, "Reply-To", email.replyTo());
        }
        header(m, "To", "recipient@localhost");
        header(m, "Subject", encodeWord(email.subject()));
        header(m, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now));
        header(m, "Message-ID", "<" + UUID.randomUUID() + "@neuromail.localhost>");
        header(m, "MIME-Version", "1.0");
        for (Map.Entry<String, String> h : email.headers().entrySet()) {
            header(m, h.getKey(), h.getValue().replaceAll("[\r\n]+", " "));
        }
        boolean html = email.html() != null;
        boolean text = email.text() != null;
        if (html && text) {
            String boundary = "=_neuromail_" + UUID.randomUUID();
            header(m, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
            m.append("\r\n");
            part(m.append("--").append(boundary).append("\r\n"), "text/plain", email.text());
            part(m.append("--").append(boundary).append("\r\n"), "text/html", email.html());
            m.append("--").append(boundary).append("--\r\n");
        } else {
            part(m, html ? "text/html" : "text/plain", html ? email.html() : email.text() == null ? "" : email.text());
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void part(StringBuilder m, String type, String body) {
        header(m, "Content-Type", type + "; charset=UTF-8");
        header(m, "Content-Transfer-Encoding", "8bit");
        m.append("\r\n").append(body.replaceAll("\r?\n", "\r\n")).append("\r\n");
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(value).append("\r\n");
    }

    /** An RFC 2047 encoded word when the text is not plain ASCII. */
    static String encodeWord(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
