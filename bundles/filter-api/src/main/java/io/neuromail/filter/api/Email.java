package io.neuromail.filter.api;

import java.util.Map;

/**
 * A message as it was composed and will be sent: what a caller hands to {@link ContentCheck}.
 *
 * @param subject the subject line
 * @param from    the From address (may be {@code null})
 * @param replyTo the Reply-To address (may be {@code null})
 * @param html    the HTML part, {@code null} when there is none
 * @param text    the plain-text part, {@code null} when there is none
 * @param headers other headers, by name
 */
public record Email(String subject, String from, String replyTo, String html, String text,
                    Map<String, String> headers) {

    public Email {
        subject = subject == null ? "" : subject;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
