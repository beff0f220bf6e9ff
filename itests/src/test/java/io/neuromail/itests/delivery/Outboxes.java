package io.neuromail.itests.delivery;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;

/**
 * Counts what reached an account's sink: here the outbox sender's files, read through the Outbox
 * API. Tests ask it how many messages each recipient got; switching the sink (to an SMTP server)
 * means changing this class only.
 */
final class Outboxes {

    private Outboxes() {
    }

    /** Messages per recipient address in the account's outbox. */
    static Map<String, Integer> perRecipient(Api account) {
        Map<String, Integer> counts = new HashMap<>();
        int seen = 0;
        for (int p = 0; ; p++) {
            JsonNode page = account.get("/api/v1/outbox?size=500&page=" + p).expect(200).json();
            for (JsonNode item : page.get("items")) {
                counts.merge(item.get("to").asText(), 1, Integer::sum);
            }
            seen += page.get("items").size();
            if (page.get("items").size() == 0 || seen >= page.get("total").asInt()) {
                return counts;
            }
        }
    }
}
