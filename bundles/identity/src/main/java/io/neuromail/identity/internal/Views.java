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

    /**
     * The account a session works in. {@code maySend}: whether the account may send mail now (false
     * until its owner confirms the address); {@code role}: the signed-in user's role there;
     * {@code requireTwoFactor}: whether its owners require two-factor authentication of every member.
     */
    public record AccountView(String id, String name, boolean maySend, String role, boolean requireTwoFactor) {
    }

    /**
     * The answer of sign-up, login and {@code GET /auth/session}. {@code twoFactorSetupDue}: the account
     * requires two-factor authentication and the user has not set it up, so until they do only their
     * own security settings answer.
     */
    public record SessionView(UserView user, AccountView account, String csrfToken, Instant expiresAt,
                              boolean twoFactorSetupDue) {
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

    /**
     * A session that authenticated a request: its caller acts with the scopes of {@code role}; while
     * {@code twoFactorSetupDue}, only endpoints about the user themselves answer.
     */
    public record AuthenticatedSession(Caller caller, String sessionId, String csrfToken, Instant expiresAt,
                                       Role role, boolean twoFactorSetupDue) {
    }

    /**
     * One of the user's sessions as the Security page lists it: a public id (never the cookie's hash),
     * where it came from, a readable {@code device} such as "Firefox on Linux", and whether it is the
     * session of the request.
     */
    public record SessionItem(String id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, String ip,
                              String userAgent, String device, boolean current) {
    }

    /**
     * A sign-in attempt of the user, from the activity log: {@code result} is {@code succeeded},
     * {@code failed} (wrong password), {@code wrong-code} (wrong second factor) or {@code throttled};
     * {@code secondFactor} names the second factor of a successful one ({@code totp}, {@code recovery-code}).
     */
    public record SignInView(Instant occurredAt, String result, String ip, String userAgent, String device,
                             String secondFactor, String reason) {
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
