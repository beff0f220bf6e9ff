package io.neuromail.itests.support;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Mail NeuroMail itself sends (links to confirm an address, reset a password, join a team) as the
 * account's outbox keeps it with the default sender.
 */
public final class Mailbox {

    private static final Duration MAIL = Duration.ofSeconds(60);
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{40,64})");

    private Mailbox() {
    }

    /** The newest mail to {@code email} whose subject contains {@code subject}, in {@code account}'s outbox. */
    public static JsonNode mailTo(Api account, String email, String subject) {
        return Poll.until("a mail '" + subject + "' to " + email, MAIL, () -> {
            for (JsonNode item : account.get("/api/v1/outbox?size=50").expect(200).json().get("items")) {
                if (item.get("to").asText().toLowerCase().contains(email.toLowerCase())
                        && item.get("subject").asText().contains(subject)) {
                    return item;
                }
            }
            return null;
        }, found -> found != null);
    }

    /** The text body of an outbox item. */
    public static String text(Api account, JsonNode item) {
        return account.get("/api/v1/outbox/" + item.get("id").asText()).expect(200).json().get("text").asText();
    }

    /** The token of the first link in a mail's text. */
    public static String token(String text) {
        Matcher m = TOKEN.matcher(text);
        assertTrue("no link token in: " + text, m.find());
        return m.group(1);
    }
}
