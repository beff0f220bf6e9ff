package io.neuromail.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.neuromail.api.security.Caller;

/** What the identity bundle hands to its REST resources and filter. */
public final class Views {

    private Views() {
    }

    public record UserView(String id, String email) {
    }

    /** {@code maySend}: whether the account may send mail now (false until its owner confirms the address). */
    public record AccountView(String id, String name, boolean maySend) {
    }

    /** The answer of sign-up, login and {@code GET /auth/session}. */
    public record SessionView(UserView user, AccountView account, String csrfToken, Instant expiresAt) {
    }

    /** A new session: the cookie value, which is never stored, and its view. */
    public record NewSession(String token, SessionView view) {
    }

    /**
     * The answer of a right password for a user with two-factor authentication: no session yet, but a
     * challenge that a code from the app (or a recovery code) turns into one before it expires.
     */
    public record SecondStep(String challenge, Instant expiresAt) {
    }

    /** What a login gives: a session, or, with two-factor authentication, the second step. */
    public record LoginResult(NewSession session, SecondStep secondStep) {
    }

    /** A session that authenticated a request. */
    public record AuthenticatedSession(Caller caller, String sessionId, String csrfToken, Instant expiresAt) {
    }

    /** An API key as listed; {@code key} is set only in the answer that creates it. */
    public record ApiKeyView(String id, String name, String prefix, List<String> scopes, Instant createdAt,
                             Instant lastUsedAt, Instant revokedAt, String key) {
    }

    /** An activity entry; {@code apiKeyName} is the acting key's name (null when no key acted or it is gone). */
    public record ActivityView(String id, String type, Instant occurredAt, String userId, String apiKeyId,
                               String apiKeyName, String ip, String userAgent, Map<String, String> details) {
    }
}
