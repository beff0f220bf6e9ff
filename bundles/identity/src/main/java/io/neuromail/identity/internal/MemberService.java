package io.neuromail.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.billing.Limit;
import io.neuromail.api.billing.UsageMeter;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.api.team.TeamRoles;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.Views.NewSession;
import io.neuromail.identity.internal.Views.SessionView;
import io.neuromail.identity.internal.jpa.AccountEntity;
import io.neuromail.identity.internal.jpa.MemberEntity;
import io.neuromail.identity.internal.jpa.SessionEntity;
import io.neuromail.identity.internal.jpa.TokenEntity;
import io.neuromail.identity.internal.jpa.TwoFactorEntity;
import io.neuromail.identity.internal.jpa.UserEntity;

/**
 * The team of an account: its members and their roles, invitations by mail, the accounts a user
 * belongs to and switching between them, and the owners' requirement of two-factor authentication.
 *
 * <p>Rules kept here, for every path: only owners make or unmake owners; an account always keeps an
 * owner (changes of one account's team are serialised on its row, so two owners cannot demote each
 * other at once); a member removed loses their sessions in the account at once (and every request
 * reads the role anew, so a changed role applies at the next request).
 */
@Component(service = {MemberService.class, TeamRoles.class, UsageMeter.class})
public class MemberService implements TeamRoles, UsageMeter {

    /** How long an invitation link works. */
    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    /** Invitations an account may send per day: invitations are mail to addresses the account chooses. */
    static final int INVITATIONS_PER_DAY = 50;
    /** The largest team. */
    static final int MAX_MEMBERS = 500;

    private final PersistenceUnit db;
    private final ActivityLog activity;
    private final IdentityService identity;
    private final SessionService sessions;
    private final Clock clock;

    /** The plan's limits; without the billing bundle there are none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountLimits limits;

    @Activate
    public MemberService(@Reference IdentityDatabase database, @Reference ActivityLogService activity,
                         @Reference IdentityService identity, @Reference SessionService sessions) {
        this(database, activity, identity, sessions, Clock.systemUTC());
    }

    MemberService(IdentityDatabase database, ActivityLog activity, IdentityService identity, SessionService sessions,
                  Clock clock) {
        this.db = database.unit();
        this.activity = activity;
        this.identity = identity;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** A member as the team page lists them. */
    public record MemberView(String userId, String email, String role, Instant joinedAt, boolean twoFactor,
                             boolean you) {
    }

    /** An invitation not yet accepted; {@code id} identifies it for revoking (it is no part of the link). */
    public record InvitationView(String id, String email, String role, Instant invitedAt, Instant expiresAt) {
    }

    /** {@code GET /account/members}. {@code yourRole} is {@code null} for an API key. */
    public record Team(String yourRole, boolean requireTwoFactor, List<MemberView> members,
                       List<InvitationView> invitations) {
    }

    /** One of the accounts a user belongs to. */
    public record Membership(String accountId, String name, String role, boolean current) {
    }

    /** What an invitation link offers, shown before it is accepted. */
    public record InvitationPreview(String accountName, String email, String role, Instant expiresAt,
                                    boolean hasLogin) {
    }

    /** The answer of accepting an invitation: a new session for a new login, or the switched one. */
    public record Joined(NewSession newSession, SessionView session) {
    }

    /** The role a caller acts with in its account: a session's role; an API key with {@code admin} acts as an admin. */
    public static Role roleOf(Caller caller, Optional<AuthenticatedSession> session) {
        if (session.isPresent()) {
            return session.get().role();
        }
        return caller.has(io.neuromail.api.security.Scope.ADMIN) ? Role.ADMIN : Role.VIEWER;
    }

    // ------------------------------------------------------------------ other bundles' view

    @Override
    public Optional<String> roleOf(String accountId, String userId) {
        if (accountId == null || userId == null) {
            return Optional.empty();
        }
        return db.global(em -> Optional.ofNullable(em.find(MemberEntity.class, new MemberEntity.Key(accountId, userId)))
                .map(m -> m.role));
    }

    @Override
    public List<String> ownerAddresses(String accountId) {
        return db.global(em -> em.createQuery("SELECT u.email FROM MemberEntity m, UserEntity u WHERE u.id = m.userId "
                        + "AND m.accountId = :account AND m.role = :owner ORDER BY m.createdAt", String.class)
                .setParameter("account", accountId).setParameter("owner", Role.OWNER.id()).getResultList());
    }

    @Override
    public Limit limit() {
        return Limit.MEMBERS;
    }

    /** Members and open invitations: what the plan's member limit counts. */
    @Override
    public long usage(String accountId) {
        return db.global(em -> teamSize(em, accountId, clock.instant()));
    }

    private static long teamSize(EntityManager em, String accountId, Instant now) {
        long members = em.createQuery("SELECT COUNT(m) FROM MemberEntity m WHERE m.accountId = :account", Long.class)
                .setParameter("account", accountId).getSingleResult();
        long invited = em.createQuery("SELECT COUNT(t) FROM TokenEntity t WHERE t.purpose = :purpose "
                        + "AND t.accountId = :account AND t.usedAt IS NULL AND t.expiresAt > :now", Long.class)
                .setParameter("purpose", TokenEntity.MEMBER_INVITATION).setParameter("account", accountId)
                .setParameter("now", now).getSingleResult();
        return members + invited;
    }

    // ------------------------------------------------------------------ the team

    public Team team(Caller caller, Optional<AuthenticatedSession> session) {
        Instant now = clock.instant();
        return db.global(em -> {
            AccountEntity account = em.find(AccountEntity.class, caller.accountId());
            List<Object[]> rows = em.createQuery("SELECT m, u.email FROM MemberEntity m, UserEntity u "
                    + "WHERE u.id = m.userId AND m.accountId = :account", Object[].class)
                    .setParameter("account", caller.accountId()).getResultList();
            List<String> userIds = rows.stream().map(r -> ((MemberEntity) r[0]).userId).toList();
            List<String> withTwoFactor = userIds.isEmpty() ? List.of() : em.createQuery(
                            "SELECT t.userId FROM TwoFactorEntity t WHERE t.enabledAt IS NOT NULL AND t.userId IN :ids",
                            String.class).setParameter("ids", userIds).getResultList();
            List<MemberView> members = rows.stream().map(r -> {
                MemberEntity m = (MemberEntity) r[0];
                return new MemberView(m.userId, (String) r[1], m.role, m.createdAt, withTwoFactor.contains(m.userId),
                        m.userId.equals(caller.userId()));
            }).sorted(Comparator.comparing((MemberView m) -> Role.of(m.role()).orElse(Role.VIEWER))
                    .thenComparing(MemberView::email)).toList();
            List<InvitationView> invitations = em.createQuery("SELECT t FROM TokenEntity t WHERE t.purpose = :purpose "
                            + "AND t.accountId = :account AND t.usedAt IS NULL AND t.expiresAt > :now ORDER BY t.createdAt DESC",
                            TokenEntity.class)
                    .setParameter("purpose", TokenEntity.MEMBER_INVITATION).setParameter("account", caller.accountId())
                    .setParameter("now", now).getResultList().stream()
                    .map(t -> new InvitationView(t.id, t.email, t.role, t.createdAt, t.expiresAt)).toList();
            return new Team(session.map(s -> s.role().id()).orElse(null), account.requireTwoFactor, members, invitations);
        });
    }

    /**
     * {@code POST /account/members/invitations}: mails a single-use link (7 days) that makes its holder a
     * member with {@code role}. A newer invitation to the same address replaces the older one.
     */
    public InvitationView invite(Caller caller, Role actor, String email, String role, ClientInfo client) {
        ApiException.Validation v = ApiException.validation();
        Optional<EmailAddress> address = EmailAddress.parse(email);
        if (email == null || email.isBlank()) {
            v.reject("email", "Email is required");
        } else if (address.isEmpty()) {
            v.reject("email", "Email is not a valid address");
        }
        Optional<Role> given = parseRole(role, v);
        v.throwIfInvalid();
        Role newRole = given.orElseThrow();
        if (newRole == Role.OWNER && actor != Role.OWNER) {
            throw ApiException.forbidden("Only an owner can invite an owner");
        }
        String display = address.orElseThrow().address();
        String key = display.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        String accountName = inTeamChange(caller.accountId(), (em, account) -> {
            Optional<UserEntity> existing = IdentityService.findUserByKey(em, key);
            if (existing.isPresent() && em.find(MemberEntity.class,
                    new MemberEntity.Key(account.id, existing.get().id)) != null) {
                throw ApiException.invalid("email", "This person is a member of the account already");
            }
            long members = em.createQuery("SELECT COUNT(m) FROM MemberEntity m WHERE m.accountId = :account", Long.class)
                    .setParameter("account", account.id).getSingleResult();
            if (members >= MAX_MEMBERS) {
                throw ApiException.conflict("The account has " + MAX_MEMBERS + " members, the most it can have");
            }
            AccountLimits plan = limits;
            if (plan != null) {
                // A renewed invitation to the same address replaces the old one: it adds nobody.
                long renewed = em.createQuery("SELECT COUNT(t) FROM TokenEntity t WHERE t.purpose = :purpose "
                                + "AND t.accountId = :account AND LOWER(t.email) = :email AND t.usedAt IS NULL "
                                + "AND t.expiresAt > :now", Long.class)
                        .setParameter("purpose", TokenEntity.MEMBER_INVITATION).setParameter("account", account.id)
                        .setParameter("email", key).setParameter("now", now).getSingleResult();
                plan.require(account.id, Limit.MEMBERS, teamSize(em, account.id, now) - renewed, 1);
            }
            long today = em.createQuery("SELECT COUNT(t) FROM TokenEntity t WHERE t.purpose = :purpose "
                            + "AND t.accountId = :account AND t.createdAt > :since", Long.class)
                    .setParameter("purpose", TokenEntity.MEMBER_INVITATION).setParameter("account", account.id)
                    .setParameter("since", now.minus(Duration.ofDays(1))).getSingleResult();
            if (today >= INVITATIONS_PER_DAY) {
                throw ApiException.tooManyRequests("This account has sent " + INVITATIONS_PER_DAY
                        + " invitations in the last 24 hours, the most it may; try again tomorrow", 3600);
            }
            em.createQuery("DELETE FROM TokenEntity t WHERE t.purpose = :purpose AND t.accountId = :account "
                            + "AND LOWER(t.email) = :email AND t.usedAt IS NULL")
                    .setParameter("purpose", TokenEntity.MEMBER_INVITATION).setParameter("account", account.id)
                    .setParameter("email", key).executeUpdate();
            return account.name;
        });
        IdentityService.NewLink link = identity.newLink(TokenEntity.MEMBER_INVITATION, null, caller.accountId(), display,
                null, newRole.id(), INVITATION_LIFETIME);
        boolean mailed = identity.mail(caller.accountId(), display, "You are invited to join " + accountName + " on NeuroMail",
                "Hello,\n\n" + (caller.email() != null ? caller.email() : "An administrator") + " invites you to join the "
                        + "NeuroMail account \"" + accountName + "\" as " + article(newRole) + " " + newRole.id() + ".\n\n"
                        + "Open this link and press \"Join\":\n\n" + identity.link("/#/join?token=" + link.token())
                        + "\n\nThe link works once, for " + INVITATION_LIFETIME.toDays() + " days. If you do not know "
                        + "this account, ignore this message.\n");
        TokenEntity stored = link.stored();
        activity.record(ActivityEvent.by(caller, "member.invited").client(client.ip(), client.userAgent())
                .detail("email", display).detail("role", newRole.id()).detail("mailed", String.valueOf(mailed)).build());
        return new InvitationView(stored.id, stored.email, stored.role, stored.createdAt, stored.expiresAt);
    }

    /** {@code DELETE /account/members/invitations/{id}}: the link stops working. */
    public void revokeInvitation(Caller caller, String id, ClientInfo client) {
        TokenEntity revoked = db.global(em -> {
            TokenEntity t = id == null || id.length() != 64 ? null : em.find(TokenEntity.class, id);
            if (t == null || !TokenEntity.MEMBER_INVITATION.equals(t.purpose) || !caller.accountId().equals(t.accountId)
                    || t.usedAt != null) {
                throw ApiException.notFound("invitation");
            }
            em.remove(t);
            return t;
        });
        activity.record(ActivityEvent.by(caller, "member.invitation.revoked").client(client.ip(), client.userAgent())
                .detail("email", revoked.email).detail("role", revoked.role).build());
    }

    /** {@code PUT /account/members/{userId}}: a member's new role. */
    public MemberView changeRole(Caller caller, Role actor, String userId, String role, ClientInfo client) {
        ApiException.Validation v = ApiException.validation();
        Optional<Role> given = parseRole(role, v);
        v.throwIfInvalid();
        Role newRole = given.orElseThrow();
        String[] before = new String[2];
        MemberView changed = inTeamChange(caller.accountId(), (em, account) -> {
            MemberEntity member = member(em, account.id, userId);
            Role old = Role.of(member.role).orElse(Role.VIEWER);
            if ((old == Role.OWNER || newRole == Role.OWNER) && actor != Role.OWNER) {
                throw ApiException.forbidden("Only an owner can make someone an owner or change an owner's role");
            }
            if (old == Role.OWNER && newRole != Role.OWNER) {
                requireAnotherOwner(em, account.id);
            }
            member.role = newRole.id();
            before[0] = old.id();
            UserEntity user = em.find(UserEntity.class, userId);
            before[1] = user.email;
            TwoFactorEntity twoFactor = em.find(TwoFactorEntity.class, userId);
            return new MemberView(userId, user.email, newRole.id(), member.createdAt,
                    twoFactor != null && twoFactor.enabledAt != null, userId.equals(caller.userId()));
        });
        activity.record(ActivityEvent.by(caller, "member.role.changed").client(client.ip(), client.userAgent())
                .detail("userId", userId).detail("email", before[1]).detail("from", before[0])
                .detail("to", newRole.id()).build());
        return changed;
    }

    /**
     * {@code DELETE /account/members/{userId}} (and leaving, when it is the caller): the membership ends
     * with the member's sessions in the account. A person who belongs to no other account has no use
     * for their login any more, and it is deleted.
     */
    public void remove(Caller caller, Role actor, String userId, ClientInfo client) {
        boolean self = userId != null && userId.equals(caller.userId());
        String[] email = new String[1];
        boolean[] loginDeleted = new boolean[1];
        inTeamChange(caller.accountId(), (em, account) -> {
            MemberEntity member = member(em, account.id, userId);
            Role role = Role.of(member.role).orElse(Role.VIEWER);
            if (!self && role == Role.OWNER && actor != Role.OWNER) {
                throw ApiException.forbidden("Only an owner can remove an owner");
            }
            if (role == Role.OWNER) {
                requireAnotherOwner(em, account.id);
            }
            UserEntity user = em.find(UserEntity.class, userId);
            email[0] = user.email;
            em.remove(member);
            em.createQuery("DELETE FROM SessionEntity s WHERE s.userId = :user AND s.accountId = :account")
                    .setParameter("user", userId).setParameter("account", account.id).executeUpdate();
            em.flush();
            if (account.id.equals(user.accountId)) {
                List<String> others = em.createQuery("SELECT m.accountId FROM MemberEntity m WHERE m.userId = :user "
                        + "ORDER BY m.createdAt", String.class).setParameter("user", userId).setMaxResults(1).getResultList();
                if (others.isEmpty()) {
                    em.remove(user);
                    loginDeleted[0] = true;
                } else {
                    user.accountId = others.get(0);
                }
            }
            return null;
        });
        activity.record(ActivityEvent.by(caller, self ? "member.left" : "member.removed")
                .client(client.ip(), client.userAgent()).detail("userId", userId).detail("email", email[0])
                .detail("loginDeleted", String.valueOf(loginDeleted[0])).build());
    }

    /**
     * {@code PUT /account/security}: whether every member must use two-factor authentication here. Only
     * an owner decides, and only one who uses it, so the requirement never locks its own author out.
     */
    public boolean requireTwoFactor(Caller caller, Role actor, Boolean required, ClientInfo client) {
        ApiException.validation().require(required != null, "requireTwoFactor", "Say true or false").throwIfInvalid();
        if (actor != Role.OWNER) {
            throw ApiException.forbidden("Only an owner can change who must use two-factor authentication");
        }
        db.global(em -> {
            if (required) {
                TwoFactorEntity own = em.find(TwoFactorEntity.class, caller.userId());
                if (own == null || own.enabledAt == null) {
                    throw ApiException.invalid("requireTwoFactor",
                            "Set up two-factor authentication for yourself first (Security page)");
                }
            }
            em.find(AccountEntity.class, caller.accountId()).requireTwoFactor = required;
            return null;
        });
        activity.record(ActivityEvent.by(caller, "account.two-factor.required").client(client.ip(), client.userAgent())
                .detail("required", String.valueOf(required)).build());
        return required;
    }

    // ------------------------------------------------------------------ a user's accounts

    /** {@code GET /auth/accounts}: the accounts the signed-in user belongs to. */
    public List<Membership> accounts(AuthenticatedSession session) {
        Caller caller = session.caller();
        return db.global(em -> em.createQuery("SELECT m.accountId, a.name, m.role FROM MemberEntity m, AccountEntity a "
                        + "WHERE a.id = m.accountId AND m.userId = :user ORDER BY a.name, a.id", Object[].class)
                .setParameter("user", caller.userId()).setMaxResults(MAX_MEMBERS).getResultList().stream()
                .map(r -> new Membership((String) r[0], (String) r[1], (String) r[2], caller.accountId().equals(r[0])))
                .toList());
    }

    /**
     * {@code POST /auth/accounts/switch}: the session works in another of the user's accounts from now
     * on, and the user's next login starts there. Another account's id answers 404.
     */
    public SessionView switchAccount(AuthenticatedSession session, String accountId, ClientInfo client) {
        ApiException.validation().require(accountId != null && !accountId.isBlank(), "accountId", "Choose an account")
                .throwIfInvalid();
        Caller caller = session.caller();
        db.global(em -> {
            if (em.find(MemberEntity.class, new MemberEntity.Key(accountId, caller.userId())) == null) {
                throw ApiException.notFound("account");
            }
            em.find(SessionEntity.class, session.sessionId()).accountId = accountId;
            em.find(UserEntity.class, caller.userId()).accountId = accountId;
            return null;
        });
        activity.record(ActivityEvent.in(accountId, "auth.account.switched").user(caller.userId())
                .client(client.ip(), client.userAgent()).detail("from", caller.accountId()).build());
        AuthenticatedSession switched = sessions.byId(session.sessionId())
                .orElseThrow(() -> ApiException.unauthorized("Your session has ended; log in again"));
        return sessions.describe(switched.caller(), switched);
    }

    // ------------------------------------------------------------------ accepting an invitation

    /** {@code POST /auth/join/preview}: what the link offers; changes nothing. */
    public InvitationPreview preview(String token) {
        TokenEntity invitation = identity.findToken(token, TokenEntity.MEMBER_INVITATION);
        return db.global(em -> new InvitationPreview(em.find(AccountEntity.class, invitation.accountId).name,
                invitation.email, invitation.role, invitation.expiresAt,
                IdentityService.findUserByKey(em, invitation.email.toLowerCase(Locale.ROOT)).isPresent()));
    }

    /**
     * {@code POST /auth/join}: accepts an invitation. A person without a NeuroMail login chooses a
     * password and is signed in; one with a login must be signed in with it (the invitation's address)
     * and their session moves to the account.
     */
    public Joined join(String token, String password, Optional<AuthenticatedSession> session, ClientInfo client) {
        ApiException.validation().require(token != null && !token.isBlank(), "token", "The link's token is required")
                .throwIfInvalid();
        TokenEntity invitation = identity.findToken(token, TokenEntity.MEMBER_INVITATION);
        String key = invitation.email.toLowerCase(Locale.ROOT);
        Role role = Role.of(invitation.role).orElse(Role.VIEWER);
        Optional<UserEntity> existing = db.global(em -> IdentityService.findUserByKey(em, key));
        Instant now = clock.instant();
        if (existing.isPresent()) {
            UserEntity user = existing.get();
            if (session.isEmpty()) {
                throw ApiException.conflict("This address has a NeuroMail login: log in with it, then open the link again")
                        .with("login", true);
            }
            if (!user.id.equals(session.get().caller().userId())) {
                throw ApiException.forbidden("This invitation is for " + invitation.email + ", and you are signed in as "
                        + session.get().caller().email() + ". Log out, log in as " + invitation.email
                        + " and open the link again");
            }
            identity.useToken(token, TokenEntity.MEMBER_INVITATION, em -> {
                addMember(em, invitation.accountId, user.id, role, now);
                return null;
            });
            recordJoined(invitation, user, role, client);
            return new Joined(null, switchAccount(session.get(), invitation.accountId, client));
        }
        String hash = identity.hashNewPassword(password, invitation.email);
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID().toString();
        user.accountId = invitation.accountId;
        user.email = invitation.email;
        user.emailKey = key;
        user.passwordHash = hash;
        user.createdAt = now;
        user.passwordChangedAt = now;
        try {
            identity.useToken(token, TokenEntity.MEMBER_INVITATION, em -> {
                if (IdentityService.findUserByKey(em, key).isPresent()) {
                    throw ApiException.conflict("This address has a NeuroMail login: log in with it, then open the link again")
                            .with("login", true);
                }
                em.persist(user);
                em.flush();
                addMember(em, invitation.accountId, user.id, role, now);
                return null;
            });
        } catch (javax.persistence.PersistenceException race) {
            throw ApiException.conflict("This address has a NeuroMail login: log in with it, then open the link again")
                    .with("login", true);
        }
        recordJoined(invitation, user, role, client);
        AccountEntity account = db.global(em -> em.find(AccountEntity.class, invitation.accountId));
        return new Joined(sessions.open(user, account, client), null);
    }

    private void recordJoined(TokenEntity invitation, UserEntity user, Role role, ClientInfo client) {
        activity.record(ActivityEvent.in(invitation.accountId, "member.joined").user(user.id)
                .client(client.ip(), client.userAgent()).detail("email", user.email).detail("role", role.id()).build());
    }

    private static void addMember(EntityManager em, String accountId, String userId, Role role, Instant now) {
        AccountEntity account = em.find(AccountEntity.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw ApiException.invalid("token", "This link is invalid, used already or expired; ask for a new one");
        }
        if (em.find(MemberEntity.class, new MemberEntity.Key(accountId, userId)) != null) {
            return;
        }
        MemberEntity member = new MemberEntity();
        member.accountId = accountId;
        member.userId = userId;
        member.role = role.id();
        member.createdAt = now;
        em.persist(member);
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a change of an account's team with the account's row locked, so team changes happen one at a time. */
    private <T> T inTeamChange(String accountId, BiFunction<EntityManager, AccountEntity, T> change) {
        return db.global(em -> {
            AccountEntity account = em.find(AccountEntity.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            return change.apply(em, account);
        });
    }

    private static MemberEntity member(EntityManager em, String accountId, String userId) {
        MemberEntity member = userId == null || userId.length() > 36 ? null
                : em.find(MemberEntity.class, new MemberEntity.Key(accountId, userId));
        if (member == null) {
            throw ApiException.notFound("member");
        }
        return member;
    }

    private static void requireAnotherOwner(EntityManager em, String accountId) {
        long owners = em.createQuery("SELECT COUNT(m) FROM MemberEntity m WHERE m.accountId = :account AND m.role = :owner",
                Long.class).setParameter("account", accountId).setParameter("owner", Role.OWNER.id()).getSingleResult();
        if (owners <= 1) {
            throw ApiException.conflict("An account needs an owner: make another member an owner first");
        }
    }

    private static Optional<Role> parseRole(String role, ApiException.Validation v) {
        if (role == null || role.isBlank()) {
            v.reject("role", "Role is required: owner, admin, editor or viewer");
            return Optional.empty();
        }
        Optional<Role> parsed = Role.of(role);
        if (parsed.isEmpty()) {
            v.reject("role", "Role must be owner, admin, editor or viewer");
        }
        return parsed;
    }

    private static String article(Role role) {
        return role == Role.OWNER || role == Role.ADMIN || role == Role.EDITOR ? "an" : "a";
    }
}
