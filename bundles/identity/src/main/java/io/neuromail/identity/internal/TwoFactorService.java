package io.neuromail.identity.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.jpa.RecoveryCodeEntity;
import io.neuromail.identity.internal.jpa.TwoFactorEntity;
import io.neuromail.identity.internal.jpa.UserEntity;
import io.neuromail.identity.internal.security.QrSvg;
import io.neuromail.identity.internal.security.RateLimiter;
import io.neuromail.identity.internal.security.RecoveryCodes;
import io.neuromail.identity.internal.security.OperatorKeys;
import io.neuromail.identity.internal.security.SecretBox;
import io.neuromail.identity.internal.security.Totp;

/**
 * Two-factor authentication of users ({@code nm_user_two_factor}, {@code nm_recovery_code}): enrolment
 * (a new secret, shown as text and QR code, on only once a first code from it is confirmed), the
 * recovery codes, and checking a code — a TOTP code once per step, a recovery code once at all. The
 * secrets are sealed with the operator's key ({@link SecretBox}); the login's second step and turning
 * it off, which also need the password and the login limits, are {@link IdentityService}'s.
 */
@Component(service = TwoFactorService.class, configurationPid = IdentityConfig.PID)
public class TwoFactorService {

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);
    /** An enrolment not confirmed within this long must start again. */
    static final Duration ENROLMENT_LIFETIME = Duration.ofMinutes(30);
    private static final int MAX_TRACKED_KEYS = 100_000;

    /** How a code was accepted. */
    public enum Method {
        TOTP("totp"), RECOVERY_CODE("recovery-code");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code GET /auth/2fa}. */
    public record Status(boolean enabled, Instant enabledAt, int recoveryCodesLeft, boolean enrolmentPending) {
    }

    /** {@code POST /auth/2fa/enrolment}: what the user puts into the authenticator app. */
    public record Enrolment(String secret, String otpauthUri, String qrSvg, Instant expiresAt) {
    }

    /** The recovery codes, shown once: when two-factor authentication is turned on and when renewed. */
    public record RecoveryCodeList(List<String> recoveryCodes) {
    }

    private final PersistenceUnit db;
    private final ActivityLog activity;
    private final SecretBox box;
    private final Totp totp = new Totp();
    private final String issuer;
    private final RateLimiter failuresByUser;
    private final Clock clock;

    @Activate
    public TwoFactorService(@Reference IdentityDatabase database, @Reference ActivityLogService activity,
                            IdentityConfig config) {
        this(database, activity, config, loadKey(config), Clock.systemUTC());
    }

    /** For tests, which give the key and control time. */
    TwoFactorService(IdentityDatabase database, ActivityLog activity, IdentityConfig config, SecretBox box, Clock clock) {
        this.db = database.unit();
        this.activity = activity;
        this.box = box;
        this.clock = clock;
        this.issuer = config.twoFactor_issuer() == null || config.twoFactor_issuer().isBlank() ? "NeuroMail"
                : config.twoFactor_issuer().strip();
        this.failuresByUser = new RateLimiter(IdentityService.positive(config.rateLimit_loginFailuresPerAccountAndAddress()),
                Duration.ofMinutes(IdentityService.positive(config.rateLimit_loginFailureWindowMinutes())), MAX_TRACKED_KEYS);
    }

    /** The operator's key: the configured value, else the key file, made when missing. Never logged. */
    static SecretBox loadKey(IdentityConfig config) {
        String inline = config.twoFactor_key();
        if (inline != null && !inline.isBlank()) {
            SecretBox box = SecretBox.fromText(inline, "twoFactor.key of etc/" + IdentityConfig.PID + ".cfg");
            LOG.info("Two-factor secrets are encrypted with the key set in twoFactor.key (key id {})", box.keyId());
            return box;
        }
        Path file = resolve(config.twoFactor_keyFile());
        SecretBox.KeyFile key = SecretBox.fromFile(file);
        if (key.created()) {
            LOG.warn("No two-factor key was given, so a new one was made in {} (key id {}). Back this file up apart "
                    + "from the database and give every node the same one: without it nobody who uses two-factor "
                    + "authentication can log in. See docs/operations.md, 'Two-factor key'.", file, key.box().keyId());
        } else {
            LOG.info("Two-factor secrets are encrypted with the key in {} (key id {})", file, key.box().keyId());
        }
        return key.box();
    }

    /** Absolute as is; relative to Karaf's etc/ (or the working directory outside Karaf). */
    static Path resolve(String configured) {
        return OperatorKeys.resolve(configured, "neuromail/two-factor.key");
    }

    // ------------------------------------------------------------------ status and enrolment

    public Status status(Caller caller) {
        String userId = requireUser(caller);
        return db.global(em -> {
            TwoFactorEntity t = em.find(TwoFactorEntity.class, userId);
            boolean on = t != null && t.secret != null;
            boolean pending = t != null && t.pendingSecret != null && !enrolmentExpired(t);
            return new Status(on, on ? t.enabledAt : null, on ? unusedCodes(em, userId) : 0, !on && pending);
        });
    }

    /** Whether a user must give a second factor at login. */
    public boolean enabled(String userId) {
        return db.global(em -> {
            TwoFactorEntity t = em.find(TwoFactorEntity.class, userId);
            return t != null && t.secret != null;
        });
    }

    /**
     * Starts (or starts again) an enrolment: a new secret that is not used for anything until a code
     * of it is confirmed. 409 while two-factor authentication is on: turn it off first.
     */
    public Enrolment startEnrolment(Caller caller, ClientInfo client) {
        String userId = requireUser(caller);
        byte[] secret = Totp.newSecret();
        try {
            Instant now = clock.instant();
            String sealed = box.seal(secret, userId);
            db.global(em -> {
                TwoFactorEntity t = em.find(TwoFactorEntity.class, userId);
                if (t == null) {
                    t = new TwoFactorEntity();
                    t.userId = userId;
                    t.accountId = caller.accountId();
                    t.pendingSecret = sealed;
                    t.pendingSince = now;
                    em.persist(t);
                } else if (t.secret != null) {
                    throw ApiException.conflict("Two-factor authentication is on already; turn it off first to set up "
                            + "another app");
                } else {
                    t.pendingSecret = sealed;
                    t.pendingSince = now;
                }
                return null;
            });
            activity.record(ActivityEvent.by(caller, "auth.2fa.enrolment.started").client(client.ip(), client.userAgent())
                    .build());
            String uri = Totp.uri(issuer, caller.email(), secret);
            return new Enrolment(Totp.toText(secret), uri, QrSvg.of(uri), now.plus(ENROLMENT_LIFETIME));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The QR code of the enrolment under way, as SVG; 404 when there is none. */
    public String enrolmentQr(Caller caller) {
        String userId = requireUser(caller);
        byte[] secret = db.global(em -> {
            TwoFactorEntity t = em.find(TwoFactorEntity.class, userId);
            if (t == null || t.pendingSecret == null || t.secret != null || enrolmentExpired(t)) {
                throw new ApiException(404, "Not Found", "No two-factor set-up is under way; start one first");
            }
            return box.open(t.pendingSecret, userId);
        });
        try {
            return QrSvg.of(Totp.uri(issuer, caller.email(), secret));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Confirms an enrolment with a code from the app: two-factor authentication is on from now, the
     * user's other sessions end (they were opened without it), and the recovery codes are answered,
     * the only time they are.
     */
    public RecoveryCodeList confirm(AuthenticatedSession session, String code, ClientInfo client) {
        Caller caller = session.caller();
        String userId = requireUser(caller);
        ApiException.validation().require(code != null && !code.isBlank(), "code", "Enter the 6-digit code from the app")
                .throwIfInvalid();
        checkNotLimited(userId);
        Instant now = clock.instant();
        List<String> codes = RecoveryCodes.generate();
        int[] ended = new int[1];
        boolean confirmed = db.global(em -> {
            TwoFactorEntity t = em.find(TwoFactorEntity.class, userId);
            if (t != null && t.secret != null) {
                throw ApiException.conflict("Two-factor authentication is on already");
            }
            if (t == null || t.pendingSecret == null || enrolmentExpired(t)) {
                throw ApiException.invalid("code", "The set-up has expired or was not started; start it again");
            }
            byte[] secret = box.open(t.pendingSecret, userId);
            OptionalLong step;
            try {
                step = totp.verify(secret, code, now, t.lastStep == null ? Long.MIN_VALUE : t.lastStep);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            if (step.isEmpty()) {
                return false;
            }
            int changed = em.createQuery("UPDATE TwoFactorEntity t SET t.secret = t.pendingSecret, t.pendingSecret = NULL,"
                            + " t.pendingSince = NULL, t.enabledAt = :now, t.lastStep = :step"
                            + " WHERE t.userId = :user AND t.pendingSecret = :pending AND t.secret IS NULL")
                    .setParameter("now", now).setParameter("step", step.getAsLong()).setParameter("user", userId)
                    .setParameter("pending", t.pendingSecret).executeUpdate();
            if (changed != 1) {
                throw ApiException.conflict("The set-up changed meanwhile; start it again");
            }
            replaceCodes(em, userId, codes, now);
            ended[0] = SessionService.endSessionsOf(em, userId, session.sessionId());
            return true;
        });
        if (!confirmed) {
            failed(caller, client, "enable");
            throw ApiException.invalid("code", "That code is not right. Check the app shows NeuroMail with your email, "
                    + "and type the code it shows now");
        }
        activity.record(ActivityEvent.by(caller, "auth.2fa.enabled").client(client.ip(), client.userAgent())
                .detail("otherSessionsEnded", ended[0]).build());
        return new RecoveryCodeList(codes);
    }

    /** New recovery codes for a code from the app; the old ones stop working. */
    public RecoveryCodeList regenerate(Caller caller, String code, ClientInfo client) {
        String userId = requireUser(caller);
        ApiException.validation().require(code != null && !code.isBlank(), "code", "Enter the 6-digit code from the app")
                .throwIfInvalid();
        checkNotLimited(userId);
        if (!enabled(userId)) {
            throw ApiException.conflict("Two-factor authentication is off; recovery codes come with turning it on");
        }
        if (RecoveryCodes.looksLikeOne(code) || !verifyTotp(userId, code)) {
            failed(caller, client, "recovery-codes");
            throw ApiException.invalid("code", "That code is not right; type the code the app shows now");
        }
        List<String> codes = RecoveryCodes.generate();
        db.global(em -> {
            replaceCodes(em, userId, codes, clock.instant());
            return null;
        });
        activity.record(ActivityEvent.by(caller, "auth.2fa.recovery-codes.regenerated").client(client.ip(), client.userAgent())
                .build());
        return new RecoveryCodeList(codes);
    }

    // ------------------------------------------------------------------ checking codes

    /**
     * Checks and uses up a code of a user with two-factor authentication on: six digits from the
     * app (each step once) or a recovery code (once). Records the use of a recovery code; failures
     * are the caller's to record and limit.
     */
    Optional<Method> use(String userId, String accountId, String code, ClientInfo client) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        if (RecoveryCodes.looksLikeOne(code)) {
            String hash = RecoveryCodes.hash(userId, code);
            Instant now = clock.instant();
            int[] left = new int[1];
            int used = db.global(em -> {
                int n = em.createQuery("UPDATE RecoveryCodeEntity r SET r.usedAt = :now"
                                + " WHERE r.codeHash = :hash AND r.userId = :user AND r.usedAt IS NULL")
                        .setParameter("now", now).setParameter("hash", hash).setParameter("user", userId).executeUpdate();
                left[0] = unusedCodes(em, userId);
                return n;
            });
            if (used != 1) {
                return Optional.empty();
            }
            activity.record(ActivityEvent.in(accountId, "auth.2fa.recovery-code.used").user(userId)
                    .client(client.ip(), client.userAgent()).detail("recoveryCodesLeft", left[0]).build());
            return Optional.of(Method.RECOVERY_CODE);
        }
        return verifyTotp(userId, code) ? Optional.of(Method.TOTP) : Optional.empty();
    }

    /** Whether the code is the app's for now (±1 step) and its step is after the last one used; uses it up. */
    private boolean verifyTotp(String userId, String code) {
        Instant now = clock.instant();
        return db.global(em -> {
            TwoFactorEntity t = em.find(TwoFactorEntity.class, userId);
            if (t == null || t.secret == null) {
                return false;
            }
            byte[] secret = box.open(t.secret, userId);
            OptionalLong step;
            try {
                step = totp.verify(secret, code, now, t.lastStep == null ? Long.MIN_VALUE : t.lastStep);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            // Of two requests with one code, the conditional update lets one through.
            return step.isPresent() && em.createQuery("UPDATE TwoFactorEntity t SET t.lastStep = :step"
                            + " WHERE t.userId = :user AND (t.lastStep IS NULL OR t.lastStep < :step)")
                    .setParameter("step", step.getAsLong()).setParameter("user", userId).executeUpdate() == 1;
        });
    }

    /**
     * For the operator ({@code neuromail:two-factor-off}): turns two-factor authentication off for a
     * user who lost both the app and the recovery codes, after the operator made sure who asks.
     *
     * @return whether it was on
     * @throws IllegalArgumentException when no user has the address
     */
    public boolean turnOffByOperator(String email) {
        String key = EmailAddress.normalize(email).orElse(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
        UserEntity user = db.global(em -> em.createQuery("SELECT u FROM UserEntity u WHERE u.emailKey = :key",
                UserEntity.class).setParameter("key", key).getResultStream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no user has the address " + email));
        boolean wasOn = db.global(em -> {
            TwoFactorEntity t = em.find(TwoFactorEntity.class, user.id);
            boolean on = t != null && t.secret != null;
            turnOff(em, user.id);
            return on;
        });
        if (wasOn) {
            activity.record(ActivityEvent.in(user.accountId, "auth.2fa.disabled").user(user.id).detail("by", "operator")
                    .build());
            LOG.info("Two-factor authentication turned off by the operator for user {}", user.id);
        }
        return wasOn;
    }

    /** Turns two-factor authentication off in the caller's transaction: secret, enrolment and recovery codes go. */
    static void turnOff(EntityManager em, String userId) {
        em.createQuery("DELETE FROM RecoveryCodeEntity r WHERE r.userId = :user").setParameter("user", userId)
                .executeUpdate();
        em.createQuery("DELETE FROM TwoFactorEntity t WHERE t.userId = :user").setParameter("user", userId)
                .executeUpdate();
    }

    /** Records a wrong code given while signed in (the settings), and counts it against the user's limit. */
    private void failed(Caller caller, ClientInfo client, String action) {
        failuresByUser.tryAcquire(caller.userId());
        activity.record(ActivityEvent.by(caller, "auth.2fa.failed").client(client.ip(), client.userAgent())
                .detail("action", action).build());
    }

    private void checkNotLimited(String userId) {
        RateLimiter.Decision allowed = failuresByUser.peek(userId);
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("Too many wrong codes; try again in " + allowed.retryAfterSeconds()
                    + " seconds", allowed.retryAfterSeconds());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void replaceCodes(EntityManager em, String userId, List<String> codes, Instant now) {
        em.createQuery("DELETE FROM RecoveryCodeEntity r WHERE r.userId = :user").setParameter("user", userId)
                .executeUpdate();
        for (String code : codes) {
            RecoveryCodeEntity r = new RecoveryCodeEntity();
            r.codeHash = RecoveryCodes.hash(userId, code);
            r.userId = userId;
            r.createdAt = now;
            em.persist(r);
        }
    }

    private static int unusedCodes(EntityManager em, String userId) {
        return em.createQuery("SELECT COUNT(r) FROM RecoveryCodeEntity r WHERE r.userId = :user AND r.usedAt IS NULL",
                Long.class).setParameter("user", userId).getSingleResult().intValue();
    }

    private boolean enrolmentExpired(TwoFactorEntity t) {
        return t.pendingSince == null || clock.instant().isAfter(t.pendingSince.plus(ENROLMENT_LIFETIME));
    }

    /** Two-factor authentication belongs to a person: a request with an API key has none. */
    private static String requireUser(Caller caller) {
        if (caller.userId() == null) {
            throw ApiException.forbidden("Two-factor authentication is set up by a signed-in user, not with an API key");
        }
        return caller.userId();
    }
}
