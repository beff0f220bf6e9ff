package io.neuromail.itests.filters;

import java.util.HashMap;
import java.util.Map;

/** Bodies of {@code POST /api/v1/content/check} used across the filter tests. */
final class Messages {

    static final String UNSUBSCRIBE = "<p><a href=\"https://news.example.org/unsubscribe\">Unsubscribe</a></p>";

    private Messages() {
    }

    static Map<String, Object> check(String subject, String html) {
        Map<String, Object> body = new HashMap<>();
        body.put("subject", subject);
        body.put("from", "news@example.org");
        body.put("html", html);
        body.put("text", "Plain-text version of the message.");
        return body;
    }

    /** A legitimate newsletter: passes. */
    static Map<String, Object> newsletter() {
        return check("Autumn at the library", "<h1>Autumn at the library</h1><p>Join our reading circle on Thursday "
                + "evenings. We read a new novel each month; tea is served.</p>"
                + "<p><a href=\"https://library.example.org/events\">See all events</a></p>" + UNSUBSCRIBE);
    }

    /** Spam with a deceptive link and a blocklisted domain: blocked. */
    static Map<String, Object> phishing() {
        return check("URGENT: verify your account", "<p>Your account has been suspended. Verify your account now at "
                + "<a href=\"https://login.malware.test/paypal\">https://www.paypal.com/signin</a>.</p>"
                + "<p>Fr&#101;e m\u200Boney if you act now!!!</p>");
    }
}
