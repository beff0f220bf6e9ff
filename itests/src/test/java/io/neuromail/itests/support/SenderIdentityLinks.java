package io.neuromail.itests.support;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sender identities as a user verifies them: the link NeuroMail mails to an address, read from the
 * account's outbox, and the verification page it opens.
 */
public final class SenderIdentityLinks {

    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern LINK = Pattern.compile("(https?://[^/\\s]+)(/verify-sender/[A-Za-z0-9_-]{43})");

    private SenderIdentityLinks() {
    }

    /** The path of the verification link in the newest mail to {@code address} in the account's outbox. */
    public static String linkMailedTo(Api api, String address, String notThis) {
        return Poll.until("a verification mail to " + address + " in the outbox", MAIL_TIMEOUT,
                () -> links(api, address).stream().filter(l -> !l.equals(notThis)).findFirst().orElse(null),
                link -> link != null);
    }

    /** The paths of the verification links mailed to {@code address}, newest first, as the outbox lists them. */
    private static List<String> links(Api api, String address) {
        List<String> links = new ArrayList<>();
        for (JsonNode item : api.get("/api/v1/outbox?size=200").expect(200).json().get("items")) {
            if (!address.equals(item.get("to").asText())) {
                continue;
            }
            String text = api.get("/api/v1/outbox/" + item.get("id").asText()).expect(200).json().get("text").asText();
            Matcher m = LINK.matcher(text);
            if (m.find()) {
                links.add(m.group(2));
            }
        }
        return links;
    }

    /** The verification page at {@code path}, as a browser without a session opens or posts it. */
    public static Response page(String method, String path) {
        return Api.anonymous().send(method, path, method.equals("POST") ? "" : null,
                Map.of("Accept", "text/html", "Content-Type", "application/x-www-form-urlencoded"));
    }

    /** Adds {@code address} as a sender identity of the account and confirms it by its mailed link; answers its id. */
    public static String verifiedAddress(Api api, String address) {
        // Links mailed earlier (to an identity of the same address since removed) no longer work.
        Set<String> earlier = new HashSet<>(links(api, address));
        String id = api.post("/api/v1/sender-identities", Map.of("type", "address", "value", address)).expect(201)
                .json().get("id").asText();
        String link = Poll.until("a new verification mail to " + address + " in the outbox", MAIL_TIMEOUT,
                () -> links(api, address).stream().filter(l -> !earlier.contains(l)).findFirst().orElse(null),
                l -> l != null);
        page("POST", link).expect(200);
        assertEquals("verified", api.get("/api/v1/sender-identities/" + id).expect(200).json().get("status").asText());
        return id;
    }
}
