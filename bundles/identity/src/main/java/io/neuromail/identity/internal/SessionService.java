package io.neuromail.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.identity.internal.Views.AccountView;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.Views.NewSession;
import io.neuromail.identity.internal.Views.SessionItem;
import io.neuromail.identity.internal.Views.SessionView;
import io.neuromail.identity.internal.Views.UserView;
import io.neuromail.identity.internal.jpa.AccountEntity;
import io.neuromail.identity.internal.jpa.MemberEntity;
import io.neuromail.identity.internal.jpa.SessionEntity;
import io.neuromail.identity.internal.jpa.TwoFactorEntity;
import io.neuromail.identity.internal.jpa.UserEntity;
import io.neuromail.identity.internal.security.Secrets;

/**
 * Browser sessions ({@code nm_session}): opened at login, checked on every request with the
 * session cookie against the idle and absolute time-outs, ended at logout, on a password change or
 * reset, and deleted by the clean-up once past their time.
 */
@Component(service = SessionService.class, configurationPid = IdentityConfig.PID)
public class SessionService {

    /** Writes of "last seen" are spaced out; a per-request write would be waste. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final PersistenceUnit db;
    private final ActivityLog activity;
    private final SendPermission sending;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    /** The source of every session timestamp; injectable so tests move time past a time-out without sleeping. */
    private final Clock clock;

    @Activate
    public SessionService(@Reference IdentityDatabase database, @Reference ActivityLogService activity,
                          IdentityConfig config) {
        this(database, activity, config, Clock.systemUTC());
    }

    SessionService(IdentityDatabase database, ActivityLog activity, IdentityConfig config, Clock clock) {
        this.db = database.unit();
        this.activity = activity;
        this.clock = clock;
        this.sending = new SendPermission(SignupMode.of(config.signup_mode()));
        this.idleTimeout = Duration.ofMinutes(IdentityService.positive(config.session_idleTimeoutMinutes()));
        this.absoluteTimeout = Duration.ofHours(IdentityService.positive(config.session_absoluteTimeoutHours()));
    }

    /**
     * Opens a session for a user who just proved who they are, in {@code account}, of which the user
     * must be a member; the cookie value is returned once, never stored.
     */
    NewSession open(UserEntity user, AccountEntity account, ClientInfo client) {
        String token = Secrets.newToken(32);
        Instant now = clock.instant();
        SessionEntity session = new SessionEntity();
        session.id = Secrets.sha256(token);
        session.publicId = UUID.randomUUID().toString();
        session.userId = user.id;
        session.accountId = account.id;
        session.csrfToken = Secrets.newToken(32);
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(absoluteTimeout);
        session.ip = client.ip();
        session.userAgent = client.userAgent();
        SessionView view = db.global(em -> {
            Access access = access(em, account.id, user.id)
                    .orElseThrow(() -> new IllegalStateException("a session is opened only in an account of the user"));
            em.persist(session);
            return new SessionView(new UserView(user.id, user.email), accountView(account, access.role()),
                    session.csrfToken, session.expiresAt, access.twoFactorSetupDue());
        });
        return new NewSession(token, view);
    }

    /** The session a cookie value stands for, if it is live; touches its idle clock. */
    public Optional<AuthenticatedSession> authenticate(String token) {
        if (token == null || token.length() < 40 || token.length() > 64) {
            return Optional.empty();
        }
        return byId(Secrets.sha256(token));
    }

    /** The live session of an id (the SHA-256 of its cookie value); touches its idle clock. */
    Optional<AuthenticatedSession> byId(String id) {
        Instant now = clock.instant();
        return db.global(em -> {
            SessionEntity s = em.find(SessionEntity.class, id);
            if (s == null) {
                return Optional.empty();
            }
            if (now.isAfter(s.expiresAt) || now.isAfter(s.lastSeenAt.plus(idleTimeout))) {
                em.remove(s);
                return Optional.empty();
            }
            // The role is read at every request: a changed role applies at once, and a session in an
            // account the user no longer belongs to is over.
            Optional<Access> access = access(em, s.accountId, s.userId);
            if (access.isEmpty()) {
                em.remove(s);
                return Optional.empty();
            }
            if (s.lastSeenAt.plus(TOUCH_INTERVAL).isBefore(now)) {
                s.lastSeenAt = now;
            }
            Role role = access.get().role();
            UserEntity user = em.find(UserEntity.class, s.userId);
            return Optional.of(new AuthenticatedSession(
                    new Caller(s.accountId, s.userId, user.email, Caller.AuthMethod.SESSION, null,
                            role.scopes(), sending.maySend(access.get().account())),
                    s.id, s.csrfToken, s.expiresAt, role, access.get().twoFactorSetupDue()));
        });
    }

    /** A user's standing in an account: the role, and whether two-factor set-up is still due there. */
    private record Access(AccountEntity account, Role role, boolean twoFactorSetupDue) {
    }

    private static Optional<Access> access(EntityManager em, String accountId, String userId) {
        MemberEntity member = em.find(MemberEntity.class, new MemberEntity.Key(accountId, userId));
        AccountEntity account = member == null ? null : em.find(AccountEntity.class, accountId);
        if (account == null) {
            return Optional.empty();
        }
        Role role = Role.of(member.role).orElse(Role.VIEWER);
        boolean due = false;
        if (account.requireTwoFactor) {
            TwoFactorEntity twoFactor = em.find(TwoFactorEntity.class, userId);
            due = twoFactor == null || twoFactor.enabledAt == null;
        }
        return Optional.of(new Access(account, role, due));
    }

    private AccountView accountView(AccountEntity account, Role role) {
        return new AccountView(account.id, account.name, sending.maySend(account), role.id(), account.requireTwoFactor);
    }

    /** {@code GET /auth/session}: who is signed in, in which account, with the session's CSRF token. */
    public SessionView describe(Caller caller, AuthenticatedSession session) {
        return db.global(em -> {
            AccountEntity account = em.find(AccountEntity.class, caller.accountId());
            UserView user = caller.userId() == null ? null : new UserView(caller.userId(), caller.email());
            Role role = session == null ? null : session.role();
            return new SessionView(user, role == null
                    ? new AccountView(account.id, account.name, sending.maySend(account), null, account.requireTwoFactor)
                    : accountView(account, role),
                    session == null ? null : session.csrfToken(), session == null ? null : session.expiresAt(),
                    session != null && session.twoFactorSetupDue());
        });
    }

    public void logout(AuthenticatedSession session, ClientInfo client) {
        db.global(em -> em.createQuery("DELETE FROM SessionEntity s WHERE s.id = :id")
                .setParameter("id", session.sessionId()).executeUpdate());
        activity.record(ActivityEvent.by(session.caller(), "auth.logout").client(client.ip(), client.userAgent()).build());
    }

    /**
     * {@code GET /auth/sessions}: the live sessions of the signed-in user, the most recently used first,
     * the request's own marked. Sessions opened before public ids existed get one here.
     */
    public List<SessionItem> sessionsOf(AuthenticatedSession current) {
        Instant now = clock.instant();
        return db.global(em -> em.createQuery("SELECT s FROM SessionEntity s WHERE s.userId = :user "
                        + "AND s.expiresAt >= :now AND s.lastSeenAt >= :idle ORDER BY s.lastSeenAt DESC, s.createdAt DESC",
                        SessionEntity.class)
                .setParameter("user", current.caller().userId()).setParameter("now", now)
                .setParameter("idle", now.minus(idleTimeout)).getResultStream()
                .map(s -> {
                    if (s.publicId == null) {
                        s.publicId = UUID.randomUUID().toString();
                    }
                    return new SessionItem(s.publicId, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip, s.userAgent,
                            Devices.describe(s.userAgent), s.id.equals(current.sessionId()));
                }).toList());
    }

    /**
     * {@code DELETE /auth/sessions/{id}}: ends one of the signed-in user's own sessions, the current one
     * included (that is a logout). Another user's session, an ended one and an unknown id are all 404.
     *
     * @return whether the session ended was the request's own
     */
    public boolean end(AuthenticatedSession current, String publicId, ClientInfo client) {
        if (publicId == null || publicId.length() > 64) {
            throw ApiException.notFound("Session");
        }
        Optional<SessionEntity> ended = db.global(em -> {
            Optional<SessionEntity> found = em.createQuery("SELECT s FROM SessionEntity s WHERE s.publicId = :id "
                    + "AND s.userId = :user", SessionEntity.class).setParameter("id", publicId)
                    .setParameter("user", current.caller().userId()).getResultStream().findFirst();
            found.ifPresent(em::remove);
            return found;
        });
        SessionEntity s = ended.orElseThrow(() -> ApiException.notFound("Session"));
        boolean itself = s.id.equals(current.sessionId());
        activity.record(ActivityEvent.by(current.caller(), "auth.session.ended").client(client.ip(), client.userAgent())
                .detail("session", s.publicId).detail("device", Devices.describe(s.userAgent))
                .detail("current", itself).build());
        return itself;
    }

    /** {@code POST /auth/sessions/end-others}: ends every session of the signed-in user but this one. */
    public int endOthers(AuthenticatedSession current, ClientInfo client) {
        int ended = db.global(em -> endSessionsOf(em, current.caller().userId(), current.sessionId()));
        activity.record(ActivityEvent.by(current.caller(), "auth.session.ended-others")
                .client(client.ip(), client.userAgent()).detail("ended", ended).build());
        return ended;
    }

    /**
     * Ends the sessions of a user but {@code keep} (every one when it is null), in the caller's
     * transaction, so that a password change and the end of the sessions commit together.
     *
     * @return the sessions ended
     */
    static int endSessionsOf(EntityManager em, String userId, String keep) {
        return keep == null
                ? em.createQuery("DELETE FROM SessionEntity s WHERE s.userId = :user")
                        .setParameter("user", userId).executeUpdate()
                : em.createQuery("DELETE FROM SessionEntity s WHERE s.userId = :user AND s.id <> :keep")
                        .setParameter("user", userId).setParameter("keep", keep).executeUpdate();
    }

    /** Deletes the sessions past their absolute or idle time-out (none of them could still be used). */
    public int cleanUp() {
        Instant now = clock.instant();
        return db.global(em -> em.createQuery("DELETE FROM SessionEntity s WHERE s.expiresAt < :now OR s.lastSeenAt < :idle")
                .setParameter("now", now).setParameter("idle", now.minus(idleTimeout)).executeUpdate());
    }
}
