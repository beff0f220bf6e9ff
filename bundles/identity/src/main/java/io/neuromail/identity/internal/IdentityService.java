package io.neuromail.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.mail.SystemMail;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.LogSafe;
import io.neuromail.api.rest.PublicAddress;
import io.neuromail.api.security.Caller;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.Views.LoginResult;
import io.neuromail.identity.internal.Views.NewSession;
import io.neuromail.identity.internal.Views.SecondStep;
import io.neuromail.identity.internal.jpa.AccountEntity;
import io.neuromail.identity.internal.jpa.MemberEntity;
import io.neuromail.identity.internal.jpa.TokenEntity;
import io.neuromail.identity.internal.jpa.UserEntity;
import io.neuromail.identity.internal.security.LoginDelay;
import io.neuromail.identity.internal.security.PasswordHasher;
import io.neuromail.identity.internal.security.PasswordPolicy;
import io.neuromail.identity.internal.security.RateLimiter;
import io.neuromail.identity.internal.security.Secrets;

/**
 * Accounts and users: sign-up, address confirmation, login, password change and reset, invitations,
 * and the client address rule. Sessions are {@link SessionService}'s, API keys {@link ApiKeyService}'s
 * and the activity log {@link ActivityLogService}'s; the REST resources and the authentication filter
 * are thin layers over these components.
 */
@Component(service = IdentityService.class, configurationPid = IdentityConfig.PID)
@Designate(ocd = IdentityConfig.class)
public class IdentityService {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);
    private static final int MAX_TRACKED_KEYS = 100_000;
    private static final String INVALID_LOGIN = "Email or password is incorrect";
    private static final Duration RESET_LIFETIME = Duration.ofMinutes(30);

    private final PersistenceUnit db;
    private final ActivityLog activity;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy = new PasswordPolicy();
    private final RateLimiter loginFailuresByAccountAndAddress;
    private final LoginDelay loginDelayByAccount;
    private final RateLimiter loginFailuresByAddress;
    private final RateLimiter signupsByAddress;
    private final RateLimiter resetsByAddress;
    private final RateLimiter resetMailsByAccount;
    private final SignupMode signupMode;
    private final SessionService sessions;
    private final TwoFactorService twoFactor;
    private final Duration secondStepLifetime;
    private final Duration verificationLifetime;
    private final Duration invitationLifetime;
    private final Set<String> trustedProxies;
    /**
     * The source of every timestamp this component writes or compares (link expiry, password
     * changes). Injectable so tests can move time past an expiry without sleeping.
     */
    private final Clock clock;

    /** Mails links and notices to users; the delivery bundle provides it. Without it, nothing is mailed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemMail systemMail;

    /** The public base URL of the links mailed; the rest bundle provides it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PublicAddress publicAddress;

    @Activate
    public IdentityService(@Reference IdentityDatabase database, @Reference ActivityLogService activity,
                           @Reference SessionService sessions, @Reference TwoFactorService twoFactor,
                           IdentityConfig config) {
        this(database, activity, sessions, twoFactor, config, Clock.systemUTC());
    }

    /** For tests, which control time; the rate limiters keep their own monotonic time. */
    IdentityService(IdentityDatabase database, ActivityLog activity, SessionService sessions, TwoFactorService twoFactor,
                    IdentityConfig config, Clock clock) {
        this.clock = clock;
        this.activity = activity;
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.secondStepLifetime = Duration.ofMinutes(positive(config.twoFactor_loginStepMinutes()));
        if (config.password_bcryptCost() < 12) {
            throw new IllegalArgumentException("password.bcryptCost must be at least 12");
        }
        this.hasher = new PasswordHasher(config.password_bcryptCost());
        Duration loginWindow = Duration.ofMinutes(positive(config.rateLimit_loginFailureWindowMinutes()));
        this.loginFailuresByAccountAndAddress = new RateLimiter(
                positive(config.rateLimit_loginFailuresPerAccountAndAddress()), loginWindow, MAX_TRACKED_KEYS);
        this.loginDelayByAccount = new LoginDelay(positive(config.rateLimit_loginFailuresPerAccount()), loginWindow,
                Duration.ofSeconds(positive(config.rateLimit_loginDelayMaxSeconds())), MAX_TRACKED_KEYS);
        this.loginFailuresByAddress = new RateLimiter(positive(config.rateLimit_loginFailuresPerAddress()),
                loginWindow, MAX_TRACKED_KEYS);
        this.signupsByAddress = new RateLimiter(positive(config.rateLimit_signupsPerAddressPerHour()),
                Duration.ofHours(1), MAX_TRACKED_KEYS);
        this.resetsByAddress = new RateLimiter(positive(config.rateLimit_passwordResetsPerAddressPerHour()),
                Duration.ofHours(1), MAX_TRACKED_KEYS);
        this.resetMailsByAccount = new RateLimiter(positive(config.rateLimit_passwordResetsPerAccountPerHour()),
                Duration.ofHours(1), MAX_TRACKED_KEYS);
        this.signupMode = SignupMode.of(config.signup_mode());
        this.verificationLifetime = Duration.ofHours(positive(config.signup_verificationLinkHours()));
        this.invitationLifetime = Duration.ofDays(positive(config.signup_invitationDays()));
        this.trustedProxies = Set.of(Arrays.stream(config.clientAddress_trustedProxies()).map(String::strip)
                .filter(a -> !a.isEmpty()).toArray(String[]::new));
        this.db = database.unit();
    }

    static int positive(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("identity limits and time-outs must be positive, got " + value);
        }
        return value;
    }

    // ------------------------------------------------------------------ sign-up and login

    /**
     * Whether the client's connection is encrypted: the request itself came over TLS, or a trusted
     * reverse proxy that terminated TLS says so in {@code X-Forwarded-Proto}.
     */
    public boolean isSecure(boolean requestSecure, String remoteAddress, String forwardedProto) {
        return requestSecure || (trustedProxies.contains(remoteAddress) && forwardedProto != null
                && "https".equalsIgnoreCase(forwardedProto.split(",")[0].strip()));
    }

    /**
     * Who is really calling: the connecting address, or, when that is a configured reverse proxy,
     * the nearest address in {@code X-Forwarded-For} that is not one of the trusted proxies.
     */
    public ClientInfo clientOf(String remoteAddress, String forwardedFor, String userAgent) {
        String address = remoteAddress;
        if (forwardedFor != null && trustedProxies.contains(remoteAddress)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                    address = hop;
                    break;
                }
            }
        }
        return new ClientInfo(address, userAgent);
    }

    public SignupMode signupMode() {
        return signupMode;
    }

    /**
     * Signs up an account and its owner, as the operator's {@link SignupMode} allows. The answer is the
     * same whether the address is new or already has an account (then its owner is told by mail that
     * someone tried), so sign-up cannot tell anyone which addresses have accounts. Nobody is signed in:
     * the new owner logs in next.
     */
    public SignupAnswer signup(String email, String password, String accountName, ClientInfo client) {
        if (signupMode == SignupMode.INVITE) {
            throw ApiException.forbidden("Sign-up is by invitation only; ask the operator of this NeuroMail for one");
        }
        if (signupMode == SignupMode.CLOSED) {
            throw ApiException.forbidden("Sign-up is closed on this NeuroMail");
        }
        ApiException.Validation v = ApiException.validation();
        Optional<String> normalized = EmailAddress.parse(email).map(EmailAddress::address);
        if (email == null || email.isBlank()) {
            v.reject("email", "Email is required");
        } else if (normalized.isEmpty()) {
            v.reject("email", "Email is not a valid address");
        }
        if (password == null || password.isEmpty()) {
            v.reject("password", "Password is required");
        } else {
            policy.problems(password, normalized.orElse(email)).forEach(p -> v.reject("password", p));
        }
        String name = accountName == null || accountName.isBlank() ? null : accountName.strip();
        if (name != null && (name.length() > 200 || hasControl(name))) {
            v.reject("accountName", "Account name must be at most 200 characters, without control characters");
        }
        v.throwIfInvalid();

        RateLimiter.Decision allowed = signupsByAddress.tryAcquire(String.valueOf(client.ip()));
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("Too many sign-ups from this address; try again later",
                    allowed.retryAfterSeconds());
        }
        String display = normalized.orElseThrow();
        SignupAnswer answer = signupMode == SignupMode.OPEN ? SignupAnswer.OPEN : SignupAnswer.VERIFY;
        // Hashed whether or not the address is taken, so both take the same time.
        String hash = hasher.hash(password.toCharArray());
        Optional<UserEntity> existing = db.global(em -> findUserByKey(em, display.toLowerCase(Locale.ROOT)));
        if (existing.isPresent()) {
            signupOfExistingAddress(existing.get(), client);
            return answer;
        }
        try {
            createAccount(display, name, hash, signupMode == SignupMode.OPEN, client, "signup");
        } catch (PersistenceException race) {
            // Two sign-ups with one email at the same moment: the unique key decides; the loser's
            // answer must not differ.
            LOG.info("Concurrent sign-up for one address from {}; the other one created the account",
                    LogSafe.of(client.ip()));
        }
        return answer;
    }

    /** The answer of every sign-up in a mode: the same text for a new and a known address. */
    public record SignupAnswer(String mode, String message) {
        static final SignupAnswer OPEN = new SignupAnswer(SignupMode.OPEN.id(),
                "Thank you. Log in with your email and password.");
        static final SignupAnswer VERIFY = new SignupAnswer(SignupMode.VERIFY_EMAIL.id(),
                "Thank you. Check your inbox: confirm your address with the link we sent before sending mail. "
                        + "You can log in with your email and password now.");
    }

    private void signupOfExistingAddress(UserEntity user, ClientInfo client) {
        activity.record(ActivityEvent.in(user.accountId, "account.signup.attempted").user(user.id)
                .client(client.ip(), client.userAgent()).build());
        mail(user.accountId, user.email, "Someone tried to sign up with your address",
                "Hello,\n\nsomeone just tried to create a NeuroMail account with this address (" + user.email
                        + "), which already has one. Nothing was changed.\n\n"
                        + "If it was you: log in instead" + linkLine("/#/login", "") + ". If you forgot your password, "
                        + "reset it" + linkLine("/#/reset-password", "") + ".\n"
                        + "If it was not you, you need not do anything.\n");
    }

    /** Creates an account and its owner; confirmed at once unless a verification link is mailed. */
    private UserEntity createAccount(String display, String name, String passwordHash, boolean verified,
                                     ClientInfo client, String via) {
        Instant now = clock.instant();
        AccountEntity account = new AccountEntity();
        account.id = UUID.randomUUID().toString();
        account.name = name != null ? name : display.substring(display.indexOf('@') + 1);
        account.createdAt = now;
        account.verifiedAt = verified ? now : null;
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID().toString();
        user.accountId = account.id;
        user.email = display;
        user.emailKey = display.toLowerCase(Locale.ROOT);
        user.passwordHash = passwordHash;
        user.createdAt = now;
        user.passwordChangedAt = now;
        db.global(em -> {
            if (findUserByKey(em, user.emailKey).isPresent()) {
                throw new PersistenceException("an account with this address exists");
            }
            em.persist(account);
            em.flush();
            em.persist(user);
            em.flush();
            MemberEntity owner = new MemberEntity();
            owner.accountId = account.id;
            owner.userId = user.id;
            owner.role = Role.OWNER.id();
            owner.createdAt = now;
            em.persist(owner);
            return null;
        });
        activity.record(ActivityEvent.in(account.id, "account.created").user(user.id)
                .client(client.ip(), client.userAgent()).detail("email", display).detail("via", via).build());
        if (!verified) {
            sendVerification(user, account.id);
        }
        return user;
    }

    /** Mails the owner a new link to confirm the address (earlier ones stay valid until they expire). */
    private void sendVerification(UserEntity user, String accountId) {
        String token = newToken(TokenEntity.VERIFY_EMAIL, user.id, accountId, user.email, null,
                verificationLifetime);
        boolean mailed = mail(accountId, user.email, "Confirm your address for NeuroMail",
                "Hello,\n\nplease confirm that this address (" + user.email + ") is yours, so that your NeuroMail "
                        + "account may send mail. Open this link and press \"Confirm my address\":\n\n"
                        + link("/#/verify-email?token=" + token) + "\n\nThe link works once, for "
                        + verificationLifetime.toHours() + " hours. If you did not sign up, ignore this message.\n");
        activity.record(ActivityEvent.in(accountId, "account.verification.sent").user(user.id)
                .detail("mailed", String.valueOf(mailed)).build());
    }

    /** {@code POST /account/verification}: mails the signed-in owner a new confirmation link. */
    public void resendVerification(Caller caller) {
        UserEntity user = db.global(em -> {
            AccountEntity account = em.find(AccountEntity.class, caller.accountId());
            if (account.verifiedAt != null) {
                throw ApiException.conflict("The address of this account is confirmed already");
            }
            return em.find(UserEntity.class, caller.userId());
        });
        RateLimiter.Decision allowed = resetMailsByAccount.tryAcquire("verify " + caller.accountId());
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("A link was mailed a moment ago; check your inbox",
                    allowed.retryAfterSeconds());
        }
        sendVerification(user, caller.accountId());
    }

    /** {@code POST /auth/verify-email}: the owner confirms the address with the mailed link. */
    public void verifyEmail(String token, ClientInfo client) {
        TokenEntity used = useToken(token, TokenEntity.VERIFY_EMAIL, em -> null);
        boolean changed = db.global(em -> {
            AccountEntity account = em.find(AccountEntity.class, used.accountId);
            if (account == null || account.verifiedAt != null) {
                return false;
            }
            account.verifiedAt = clock.instant();
            return true;
        });
        activity.record(ActivityEvent.in(used.accountId, "account.verified").user(used.userId)
                .client(client.ip(), client.userAgent()).detail("email", used.email)
                .detail("alreadyConfirmed", String.valueOf(!changed)).build());
    }

    // ------------------------------------------------------------------ password reset

    /**
     * {@code POST /auth/password-reset}: mails a reset link when the address has an account. The answer
     * never says whether it has: only the client address limit (429) is visible; the per-account limit
     * only stops the mail.
     */
    public void requestPasswordReset(String email, ClientInfo client) {
        ApiException.validation().require(email != null && !email.isBlank(), "email", "Email is required")
                .throwIfInvalid();
        RateLimiter.Decision allowed = resetsByAddress.tryAcquire(String.valueOf(client.ip()));
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("Too many password reset requests from this address; try again later",
                    allowed.retryAfterSeconds());
        }
        String key = EmailAddress.normalize(email).orElse(email.strip().toLowerCase(Locale.ROOT));
        Optional<UserEntity> found = db.global(em -> findUserByKey(em, key));
        if (found.isEmpty()) {
            LOG.info("Password reset asked for an unknown address from {}", LogSafe.of(client.ip()));
            return;
        }
        UserEntity user = found.get();
        boolean withinLimit = resetMailsByAccount.tryAcquire(user.accountId).allowed();
        boolean mailed = false;
        if (withinLimit) {
            String token = newToken(TokenEntity.PASSWORD_RESET, user.id, user.accountId, user.email, null, RESET_LIFETIME);
            mailed = mail(user.accountId, user.email, "Reset your NeuroMail password",
                    "Hello,\n\nsomeone (" + client.ip() + ") asked to reset the password of your NeuroMail account ("
                            + user.email + "). To choose a new password, open this link:\n\n"
                            + link("/#/reset-password?token=" + token) + "\n\nThe link works once, for "
                            + RESET_LIFETIME.toMinutes() + " minutes. Setting a new password signs you out everywhere.\n"
                            + "If you did not ask for this, ignore this message: your password stays as it is.\n");
        }
        activity.record(ActivityEvent.in(user.accountId, "auth.password.reset.requested").user(user.id)
                .client(client.ip(), client.userAgent()).detail("mailed", String.valueOf(mailed))
                .detail("limited", String.valueOf(!withinLimit)).build());
    }

    /**
     * {@code POST /auth/password-reset/confirm}: sets a new password with a mailed link. Every session
     * of the user ends, other reset links stop working, and the address counts as confirmed.
     */
    public void resetPassword(String token, String newPassword, ClientInfo client) {
        ApiException.validation()
                .require(token != null && !token.isBlank(), "token", "The link's token is required")
                .require(newPassword != null && !newPassword.isEmpty(), "password", "New password is required")
                .throwIfInvalid();
        TokenEntity candidate = findToken(token, TokenEntity.PASSWORD_RESET);
        ApiException.Validation v = ApiException.validation();
        policy.problems(newPassword, candidate.email).forEach(p -> v.reject("password", p));
        v.throwIfInvalid();
        String hash = hasher.hash(newPassword.toCharArray());
        int[] ended = new int[1];
        TokenEntity used = useToken(token, TokenEntity.PASSWORD_RESET, em -> {
            UserEntity user = em.find(UserEntity.class, candidate.userId);
            user.passwordHash = hash;
            user.passwordChangedAt = clock.instant();
            ended[0] = SessionService.endSessionsOf(em, user.id, null);
            em.createQuery("UPDATE TokenEntity t SET t.usedAt = :now WHERE t.userId = :user AND t.purpose = :purpose"
                            + " AND t.usedAt IS NULL")
                    .setParameter("now", clock.instant()).setParameter("user", user.id)
                    .setParameter("purpose", TokenEntity.PASSWORD_RESET).executeUpdate();
            AccountEntity account = em.find(AccountEntity.class, user.accountId);
            if (account.verifiedAt == null) {
                account.verifiedAt = clock.instant();
            }
            return null;
        });
        activity.record(ActivityEvent.in(used.accountId, "auth.password.reset").user(used.userId)
                .client(client.ip(), client.userAgent()).detail("sessionsEnded", ended[0]).build());
    }

    // ------------------------------------------------------------------ invitations

    /**
     * An invitation to a new account (the {@code neuromail:account-create} command), whatever the sign-up
     * mode: the link the operator passes on. Nothing is created until it is accepted.
     *
     * @return the link, or the path of it when the public address is not set
     * @throws IllegalArgumentException when the address is invalid or already has an account
     */
    public String invite(String email, String accountName) {
        String display = EmailAddress.parse(email).map(EmailAddress::address)
                .orElseThrow(() -> new IllegalArgumentException("not a valid address: " + email));
        String name = accountName == null || accountName.isBlank() ? null : accountName.strip();
        if (name != null && (name.length() > 200 || hasControl(name))) {
            throw new IllegalArgumentException("the account name must be at most 200 characters, without control characters");
        }
        if (db.global(em -> findUserByKey(em, display.toLowerCase(Locale.ROOT))).isPresent()) {
            throw new IllegalArgumentException(display + " already has an account");
        }
        String token = newToken(TokenEntity.INVITATION, null, null, display, name, invitationLifetime);
        LOG.info("Invitation to {} created; it expires in {} days", display, invitationLifetime.toDays());
        return link("/#/invitation?token=" + token);
    }

    /** {@code POST /auth/invitation}: the invitee chooses a password; the account is created and signed in. */
    public NewSession acceptInvitation(String token, String password, ClientInfo client) {
        ApiException.validation()
                .require(token != null && !token.isBlank(), "token", "The link's token is required")
                .require(password != null && !password.isEmpty(), "password", "Password is required")
                .throwIfInvalid();
        TokenEntity invitation = findToken(token, TokenEntity.INVITATION);
        ApiException.Validation v = ApiException.validation();
        policy.problems(password, invitation.email).forEach(p -> v.reject("password", p));
        v.throwIfInvalid();
        String hash = hasher.hash(password.toCharArray());
        useToken(token, TokenEntity.INVITATION, em -> null);
        UserEntity user;
        try {
            user = createAccount(invitation.email, invitation.accountName, hash, true, client, "invitation");
        } catch (PersistenceException taken) {
            throw ApiException.conflict("This address has an account already; log in instead");
        }
        return sessions.open(user, db.global(em -> em.find(AccountEntity.class, user.accountId)), client);
    }

    /**
     * The hash of a password a person chooses for a new login, after the password rules (problems are
     * 422s on field {@code password}).
     */
    String hashNewPassword(String password, String email) {
        ApiException.Validation v = ApiException.validation();
        if (password == null || password.isEmpty()) {
            v.reject("password", "Password is required");
        } else {
            policy.problems(password, email).forEach(p -> v.reject("password", p));
        }
        v.throwIfInvalid();
        return hasher.hash(password.toCharArray());
    }

    // ------------------------------------------------------------------ single-use links

    private String newToken(String purpose, String userId, String accountId, String email, String accountName,
                            Duration lifetime) {
        return newLink(purpose, userId, accountId, email, accountName, null, lifetime).token();
    }

    /** A new single-use link: the token that goes into it, never stored, and the row stored for it. */
    record NewLink(String token, TokenEntity stored) {
    }

    /** A new single-use link; only its token's SHA-256 is stored. */
    NewLink newLink(String purpose, String userId, String accountId, String email, String accountName, String role,
                    Duration lifetime) {
        String token = Secrets.newToken(32);
        TokenEntity entity = new TokenEntity();
        entity.id = Secrets.sha256(token);
        entity.purpose = purpose;
        entity.userId = userId;
        entity.accountId = accountId;
        entity.email = email;
        entity.accountName = accountName;
        entity.role = role;
        entity.createdAt = clock.instant();
        entity.expiresAt = entity.createdAt.plus(lifetime);
        db.global(em -> {
            em.persist(entity);
            return null;
        });
        return new NewLink(token, entity);
    }

    /** The live token of a link, or a 422 on field {@code token} that does not say why it is not. */
    TokenEntity findToken(String token, String purpose) {
        if (token == null || token.length() < 40 || token.length() > 64) {
            throw invalidLink();
        }
        Instant now = clock.instant();
        TokenEntity found = db.global(em -> em.find(TokenEntity.class, Secrets.sha256(token)));
        if (found == null || !found.purpose.equals(purpose) || found.usedAt != null || now.isAfter(found.expiresAt)) {
            throw invalidLink();
        }
        return found;
    }

    /**
     * Marks a live token used and runs {@code andThen} in the same transaction; of two requests with one
     * link, only one gets through (the conditional update decides).
     */
    TokenEntity useToken(String token, String purpose, java.util.function.Function<EntityManager, Void> andThen) {
        TokenEntity live = findToken(token, purpose);
        Instant now = clock.instant();
        db.global(em -> {
            int claimed = em.createQuery("UPDATE TokenEntity t SET t.usedAt = :now WHERE t.id = :id AND t.usedAt IS NULL"
                            + " AND t.expiresAt >= :now")
                    .setParameter("now", now).setParameter("id", live.id).executeUpdate();
            if (claimed != 1) {
                throw invalidLink();
            }
            return andThen.apply(em);
        });
        return live;
    }

    private static ApiException invalidLink() {
        return ApiException.invalid("token", "This link is invalid, used already or expired; ask for a new one");
    }

    /** A link under the operator's public address (the path alone while it is not set). */
    String link(String path) {
        PublicAddress address = publicAddress;
        String base = address == null ? "" : address.baseUrl();
        if (base.isEmpty()) {
            LOG.warn("The public address of NeuroMail is not set (baseUrl in etc/io.neuromail.public.cfg): "
                    + "mailed links carry only their path");
        }
        return base + path;
    }

    private String linkLine(String path, String none) {
        PublicAddress address = publicAddress;
        String base = address == null ? "" : address.baseUrl();
        return base.isEmpty() ? none : " at " + base + path;
    }

    /** Queues a system mail; false (and logged) when it cannot be queued, which never changes an answer. */
    boolean mail(String accountId, String to, String subject, String text) {
        SystemMail mailer = systemMail;
        if (mailer == null) {
            LOG.warn("No system mail service (the delivery bundle) is running: '{}' to {} is not sent", subject, to);
            return false;
        }
        try {
            mailer.send(accountId, to, subject, text);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not queue '{}' to {}", subject, to, e);
            return false;
        }
    }

    /**
     * {@code POST /auth/login}: the password. It opens a session, or, for a user with two-factor
     * authentication, only a second step ({@link #completeLogin}) that a code must finish.
     */
    public LoginResult login(String email, String password, ClientInfo client) {
        ApiException.validation()
                .require(email != null && !email.isBlank(), "email", "Email is required")
                .require(password != null && !password.isEmpty(), "password", "Password is required")
                .throwIfInvalid();
        String key = EmailAddress.normalize(email).orElse(email.strip().toLowerCase(Locale.ROOT));
        String address = String.valueOf(client.ip());
        Optional<UserEntity> user = db.global(em -> findUserByKey(em, key));

        // Every attempt takes a permit before the password is checked, so parallel guesses cannot
        // slip through together; a successful login gives its permits back. Locks are per address
        // and per (account, address): a stranger guessing from their address never locks the owner
        // out of theirs. The account as a whole only slows down (a progressive delay).
        String pair = pairKey(key, address);
        RateLimiter.Decision byAddress = loginFailuresByAddress.tryAcquire(address);
        RateLimiter.Decision byPair = byAddress.allowed() ? loginFailuresByAccountAndAddress.tryAcquire(pair) : byAddress;
        RateLimiter.Decision byAccount = byPair.allowed() ? loginDelayByAccount.check(key) : byPair;
        if (!byAccount.allowed()) {
            if (byAddress.allowed()) {
                loginFailuresByAddress.refund(address);
            }
            if (byPair.allowed()) {
                loginFailuresByAccountAndAddress.refund(pair);
            }
            long retryAfter = byAccount.retryAfterSeconds();
            String reason = !byAddress.allowed() ? "address" : !byPair.allowed() ? "account-address" : "account";
            user.ifPresent(u -> activity.record(ActivityEvent.in(u.accountId, "auth.login.throttled").user(u.id)
                    .client(client.ip(), client.userAgent()).detail("reason", reason)
                    .detail("retryAfterSeconds", retryAfter).build()));
            LOG.warn("Login throttled for client {}", LogSafe.of(client.ip()));
            throw ApiException.tooManyRequests("Too many failed logins; try again in " + retryAfter + " seconds",
                    retryAfter);
        }

        boolean ok;
        if (user.isPresent()) {
            ok = hasher.verify(password.toCharArray(), user.get().passwordHash);
        } else {
            hasher.verifyDummy(password.toCharArray());
            ok = false;
        }
        if (!ok) {
            loginDelayByAccount.failed(key);
            user.ifPresentOrElse(
                    u -> activity.record(ActivityEvent.in(u.accountId, "auth.login.failed").user(u.id)
                            .client(client.ip(), client.userAgent()).detail("reason", "wrong password").build()),
                    () -> LOG.info("Failed login for an unknown email from {}", LogSafe.of(client.ip())));
            throw ApiException.unauthorized(INVALID_LOGIN);
        }
        UserEntity u = user.get();
        boolean secondStep = twoFactor.enabled(u.id);
        if (secondStep) {
            // Only this attempt's permit comes back: the failures counted so far, wrong codes included,
            // stay until a code is right, or a right password would restart the guessing of codes.
            loginFailuresByAccountAndAddress.refund(pair);
        } else {
            loginFailuresByAccountAndAddress.reset(pair);
        }
        loginFailuresByAddress.refund(address);
        if (hasher.needsRehash(u.passwordHash)) {
            String rehashed = hasher.hash(password.toCharArray());
            db.global(em -> {
                em.find(UserEntity.class, u.id).passwordHash = rehashed;
                return null;
            });
        }
        if (secondStep) {
            String challenge = newToken(TokenEntity.TWO_FACTOR_LOGIN, u.id, u.accountId, u.email, null,
                    secondStepLifetime);
            activity.record(ActivityEvent.in(u.accountId, "auth.login.password-accepted").user(u.id)
                    .client(client.ip(), client.userAgent()).build());
            return new LoginResult(null, new SecondStep(challenge, clock.instant().plus(secondStepLifetime)));
        }
        AccountEntity account = db.global(em -> em.find(AccountEntity.class, u.accountId));
        activity.record(ActivityEvent.in(u.accountId, "auth.login.succeeded").user(u.id)
                .client(client.ip(), client.userAgent()).build());
        return new LoginResult(sessions.open(u, account, client), null);
    }

    /**
     * {@code POST /auth/login/2fa}: the second step of a login, a code from the app or a recovery code
     * with the challenge the password gave. Limited like passwords (the same limiters, the same keys),
     * so the second factor cannot be guessed faster than the first. A wrong code leaves the challenge
     * usable until it expires; the right one uses it up and opens the session.
     */
    public NewSession completeLogin(String challenge, String code, ClientInfo client) {
        ApiException.validation()
                .require(challenge != null && !challenge.isBlank(), "challenge", "Log in with your password first")
                .require(code != null && !code.isBlank(), "code", "Enter the code from your app or a recovery code")
                .throwIfInvalid();
        String address = String.valueOf(client.ip());
        RateLimiter.Decision byAddress = loginFailuresByAddress.tryAcquire(address);
        if (!byAddress.allowed()) {
            throw ApiException.tooManyRequests("Too many failed logins; try again in " + byAddress.retryAfterSeconds()
                    + " seconds", byAddress.retryAfterSeconds());
        }
        TokenEntity step;
        try {
            step = findToken(challenge, TokenEntity.TWO_FACTOR_LOGIN);
        } catch (ApiException expired) {
            throw ApiException.unauthorized("This login has expired; log in with your password again");
        }
        String key = step.email.toLowerCase(Locale.ROOT);
        String pair = pairKey(key, address);
        RateLimiter.Decision byPair = loginFailuresByAccountAndAddress.tryAcquire(pair);
        RateLimiter.Decision byAccount = byPair.allowed() ? loginDelayByAccount.check(key) : byPair;
        if (!byAccount.allowed()) {
            loginFailuresByAddress.refund(address);
            if (byPair.allowed()) {
                loginFailuresByAccountAndAddress.refund(pair);
            }
            long retryAfter = byAccount.retryAfterSeconds();
            activity.record(ActivityEvent.in(step.accountId, "auth.login.throttled").user(step.userId)
                    .client(client.ip(), client.userAgent()).detail("reason", "two-factor")
                    .detail("retryAfterSeconds", retryAfter).build());
            throw ApiException.tooManyRequests("Too many wrong codes; try again in " + retryAfter + " seconds", retryAfter);
        }
        Optional<TwoFactorService.Method> accepted = twoFactor.use(step.userId, step.accountId, code, client);
        if (accepted.isEmpty()) {
            loginDelayByAccount.failed(key);
            activity.record(ActivityEvent.in(step.accountId, "auth.2fa.failed").user(step.userId)
                    .client(client.ip(), client.userAgent()).detail("action", "login").build());
            throw ApiException.invalid("code", "That code is not right. Type the code your app shows now, or one of "
                    + "your recovery codes");
        }
        try {
            useToken(challenge, TokenEntity.TWO_FACTOR_LOGIN, em -> null);
        } catch (ApiException usedMeanwhile) {
            // Another request finished this login a moment ago, or it expired while the code was checked.
            throw ApiException.unauthorized("This login has expired; log in with your password again");
        }
        loginFailuresByAccountAndAddress.reset(pair);
        loginFailuresByAddress.refund(address);
        UserEntity user = db.global(em -> em.find(UserEntity.class, step.userId));
        AccountEntity account = db.global(em -> em.find(AccountEntity.class, step.accountId));
        activity.record(ActivityEvent.in(step.accountId, "auth.login.succeeded").user(step.userId)
                .client(client.ip(), client.userAgent()).detail("secondFactor", accepted.get().id()).build());
        return sessions.open(user, account, client);
    }

    /**
     * {@code POST /auth/2fa/disable}: turns two-factor authentication off with the password and a code
     * (from the app, or a recovery code for a lost phone). Wrong ones count like wrong passwords.
     */
    public void disableTwoFactor(AuthenticatedSession session, String password, String code, ClientInfo client) {
        Caller caller = session.caller();
        ApiException.validation()
                .require(password != null && !password.isEmpty(), "password", "Your password is required")
                .require(code != null && !code.isBlank(), "code", "Enter the code from your app or a recovery code")
                .throwIfInvalid();
        String limiterKey = pairKey(caller.email().toLowerCase(Locale.ROOT), String.valueOf(client.ip()));
        RateLimiter.Decision allowed = loginFailuresByAccountAndAddress.peek(limiterKey);
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("Too many wrong passwords or codes; try again later",
                    allowed.retryAfterSeconds());
        }
        if (!twoFactor.enabled(caller.userId())) {
            throw ApiException.conflict("Two-factor authentication is off already");
        }
        UserEntity user = db.global(em -> em.find(UserEntity.class, caller.userId()));
        if (!hasher.verify(password.toCharArray(), user.passwordHash)) {
            loginFailuresByAccountAndAddress.tryAcquire(limiterKey);
            activity.record(ActivityEvent.by(caller, "auth.2fa.failed").client(client.ip(), client.userAgent())
                    .detail("action", "disable").detail("reason", "wrong password").build());
            throw ApiException.invalid("password", "Your password is incorrect");
        }
        Optional<TwoFactorService.Method> accepted = twoFactor.use(caller.userId(), caller.accountId(), code, client);
        if (accepted.isEmpty()) {
            loginFailuresByAccountAndAddress.tryAcquire(limiterKey);
            activity.record(ActivityEvent.by(caller, "auth.2fa.failed").client(client.ip(), client.userAgent())
                    .detail("action", "disable").detail("reason", "wrong code").build());
            throw ApiException.invalid("code", "That code is not right; type the code your app shows now, or a recovery code");
        }
        db.global(em -> {
            TwoFactorService.turnOff(em, caller.userId());
            return null;
        });
        activity.record(ActivityEvent.by(caller, "auth.2fa.disabled").client(client.ip(), client.userAgent())
                .detail("with", accepted.get().id()).build());
    }

    /**
     * Deletes the links that were used or have expired (run periodically by {@link CleanupJob});
     * none of them could still be used.
     */
    public int cleanUpLinks() {
        Instant now = clock.instant();
        return db.global(em -> em.createQuery("DELETE FROM TokenEntity t WHERE t.usedAt IS NOT NULL OR t.expiresAt < :now")
                .setParameter("now", now).executeUpdate());
    }

    public void changePassword(AuthenticatedSession session, String currentPassword, String newPassword,
                               ClientInfo client) {
        Caller caller = session.caller();
        ApiException.validation()
                .require(currentPassword != null && !currentPassword.isEmpty(), "currentPassword",
                        "Current password is required")
                .require(newPassword != null && !newPassword.isEmpty(), "newPassword", "New password is required")
                .throwIfInvalid();
        String limiterKey = pairKey(caller.email().toLowerCase(Locale.ROOT), String.valueOf(client.ip()));
        RateLimiter.Decision allowed = loginFailuresByAccountAndAddress.peek(limiterKey);
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("Too many wrong passwords; try again later", allowed.retryAfterSeconds());
        }
        UserEntity user = db.global(em -> em.find(UserEntity.class, caller.userId()));
        if (!hasher.verify(currentPassword.toCharArray(), user.passwordHash)) {
            loginFailuresByAccountAndAddress.tryAcquire(limiterKey);
            throw ApiException.invalid("currentPassword", "Current password is incorrect");
        }
        ApiException.Validation v = ApiException.validation();
        policy.problems(newPassword, user.email).forEach(p -> v.reject("newPassword", p));
        if (newPassword.equals(currentPassword)) {
            v.reject("newPassword", "New password must differ from the current one");
        }
        v.throwIfInvalid();
        String hash = hasher.hash(newPassword.toCharArray());
        int ended = db.global(em -> {
            UserEntity u = em.find(UserEntity.class, caller.userId());
            u.passwordHash = hash;
            u.passwordChangedAt = clock.instant();
            return SessionService.endSessionsOf(em, caller.userId(), session.sessionId());
        });
        activity.record(ActivityEvent.by(caller, "auth.password.changed").client(client.ip(), client.userAgent())
                .detail("otherSessionsEnded", ended).build());
    }

    // ------------------------------------------------------------------ helpers

    static Optional<UserEntity> findUserByKey(EntityManager em, String key) {
        return em.createQuery("SELECT u FROM UserEntity u WHERE u.emailKey = :key", UserEntity.class)
                .setParameter("key", key).getResultStream().findFirst();
    }

    /** The key of an (account, client address) pair in the login limiter. */
    private static String pairKey(String emailKey, String address) {
        return emailKey + " " + address;
    }

    static boolean hasControl(String value) {
        return value.codePoints().anyMatch(Character::isISOControl);
    }

    /** Whether an account with this id exists. */
    public boolean accountExists(String accountId) {
        return accountId != null && accountId.length() <= 64
                && db.global(em -> em.find(AccountEntity.class, accountId) != null);
    }

    /** Accounts, oldest first: at most {@code limit} (1 to 1000) from {@code offset} (the operator's console). */
    public List<AccountSummary> accounts(int limit, int offset) {
        return db.global(em -> {
            List<AccountEntity> accounts = em.createQuery("SELECT a FROM AccountEntity a ORDER BY a.createdAt, a.id",
                    AccountEntity.class).setFirstResult(Math.max(0, offset)).setMaxResults(Math.max(1, Math.min(limit, 1000)))
                    .getResultList();
            if (accounts.isEmpty()) {
                return List.of();
            }
            List<Object[]> members = em.createQuery("SELECT m.accountId, m.role, u.email FROM MemberEntity m, UserEntity u "
                    + "WHERE u.id = m.userId AND m.accountId IN :ids ORDER BY m.createdAt, u.id", Object[].class)
                    .setParameter("ids", accounts.stream().map(a -> a.id).toList()).getResultList();
            return accounts.stream().map(a -> {
                List<Object[]> of = members.stream().filter(m -> a.id.equals(m[0])).toList();
                String owner = of.stream().filter(m -> Role.OWNER.id().equals(m[1])).map(m -> (String) m[2])
                        .findFirst().orElse(null);
                return new AccountSummary(a.id, a.name, owner, of.size(), a.createdAt, a.verifiedAt != null);
            }).toList();
        });
    }
}
