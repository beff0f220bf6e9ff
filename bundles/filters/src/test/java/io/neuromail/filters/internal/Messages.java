package io.neuromail.filters.internal;

import java.util.Map;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Message;
import io.neuromail.filters.internal.message.MessageAnalyzer;

/** Messages for tests, analysed like the pipeline does. */
public final class Messages {

    /** A footer every legitimate test message carries, so only the rule under test fires. */
    public static final String FOOTER = "<p><a href=\"https://news.example.org/unsubscribe\">Unsubscribe</a></p>";

    private Messages() {
    }

    public static Message html(String subject, String html) {
        return MessageAnalyzer.analyze(new Email(subject, "news@example.org", null, html, "text part", Map.of()));
    }

    public static Message html(String html) {
        return html("Our news", html);
    }

    public static Message text(String subject, String text) {
        return MessageAnalyzer.analyze(new Email(subject, "news@example.org", null, null, text, Map.of()));
    }
}
