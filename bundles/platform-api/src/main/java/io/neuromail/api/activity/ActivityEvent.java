package io.neuromail.api.activity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.neuromail.api.security.Caller;

/**
 * One entry for the {@link ActivityLog}. Types are dotted lower-case words, owned by the bundle
 * that records them, e.g. {@code auth.login.succeeded} or {@code contacts.imported}.
 *
 * @param accountId the account the event belongs to (required)
 * @param type      what happened (required)
 * @param userId    the user who acted, if any
 * @param apiKeyId  the API key that acted, if any
 * @param ip        the client address, if the event came from a request
 * @param userAgent the client's user agent, if the event came from a request
 * @param details   small, non-secret facts about the event (names, ids, counts)
 */
public record ActivityEvent(String accountId, String type, String userId, String apiKeyId,
                            String ip, String userAgent, Map<String, String> details) {

    public ActivityEvent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Starts an event of {@code type} done by {@code caller}. */
    public static Builder by(Caller caller, String type) {
        return new Builder(caller.accountId(), type).user(caller.userId()).apiKey(caller.apiKeyId());
    }

    /** Starts an event of {@code type} in {@code accountId} with no authenticated actor. */
    public static Builder in(String accountId, String type) {
        return new Builder(accountId, type);
    }

    /** Builds an {@link ActivityEvent}. */
    public static final class Builder {
        private final String accountId;
        private final String type;
        private String userId;
        private String apiKeyId;
        private String ip;
        private String userAgent;
        private final Map<String, String> details = new LinkedHashMap<>();

        private Builder(String accountId, String type) {
            this.accountId = accountId;
            this.type = type;
        }

        public Builder user(String value) {
            this.userId = value;
            return this;
        }

        public Builder apiKey(String value) {
            this.apiKeyId = value;
            return this;
        }

        public Builder client(String ipAddress, String agent) {
            this.ip = ipAddress;
            this.userAgent = agent;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, String.valueOf(value));
            }
            return this;
        }

        public ActivityEvent build() {
            return new ActivityEvent(accountId, type, userId, apiKeyId, ip, userAgent, details);
        }
    }
}
