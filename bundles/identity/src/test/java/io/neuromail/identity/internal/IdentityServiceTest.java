package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.Page;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.Scope;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.identity.internal.Views.ActivityView;
import io.neuromail.identity.internal.Views.ApiKeyView;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.Views.LoginResult;
import io.neuromail.identity.internal.Views.NewSession;
import io.neuromail.identity.internal.security.SecretBox;

/**
 * {@link IdentityService}, {@link SessionService} and {@link ApiKeyService} on the real persistence service over an in-memory H2 database, with a
 * clock the test moves. One service per class: EclipseLink registers the unit JVM-wide by name.
 * Every test signs up its own accounts from its own client address, so tests share the database
 * and the in-memory rate limiters without seeing each other. bcrypt runs at the production
 * minimum (cost 12), so each test keeps its sign-ups and logins few.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityServiceTest {

    private static final String PASSWORD = "violet-lantern-harbour-73";
    private static final String NEW_PASSWORD = "amber-quartz-meadow-41";
    private static final Duration IDLE = Duration.ofMinutes(config().session_idleTimeoutMinutes());
    private static final Duration ABSOLUTE = Duration.ofHours(config().session_absoluteTimeoutHours());

    private final TestClock clock = new TestClock(Instant.parse("2030-01-07T09:00:00Z"));
    private final AtomicInteger clients = new AtomicInteger();
    private final List<Mail> mails = new java.util.concurrent.CopyOnWriteArrayList<>();
    private JdbcDataSource dataSource;
    private IdentityDatabase database;
    private ActivityLogService activityLog;
    private SessionService sessions;
    private ApiKeyService keys;
    private TwoFactorService twoFactor;
    private IdentityService service;

    @BeforeAll
    void start() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:nm_identity_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        database = new IdentityDatabase(new PersistenceService(dataSource));
        activityLog = new ActivityLogService(database, clock);
        sessions = new SessionService(database, activityLog, config(), clock);
        keys = new ApiKeyService(database, activityLog, config(), clock);
        twoFactor = new TwoFactorService(database, activityLog, config(), new SecretBox(new byte[SecretBox.KEY_BYTES]), clock);
        service = new IdentityService(database, activityLog, sessions, twoFactor, config(), clock);
        service.systemMail = (accountId, to, subject, text) -> {
            mails.add(new Mail(accountId, to, subject, text));
            return UUID.randomUUID().toString();
        };
        service.publicAddress = () -> "https://mail.example";
    }

    @AfterAll
    void stop() throws SQLException {
        try {
            if (database != null) {
                database.deactivate();
            }
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void sessionEndsAfterTheIdleTimeOutWithoutRequests() throws SQLException {
        ClientInfo client = newClient();
        NewSession created = signUp(newEmail(), client);
        AuthenticatedSession session = live(created);
        assertEquals(created.view().user().id(), session.caller().userId());
        assertEquals(Caller.AuthMethod.SESSION, session.caller().method());

        clock.advance(IDLE.minusMinutes(1));
        live(created);
        // Idle is measured from the last request, not from login; its very end still counts.
        clock.advance(IDLE);
        live(created);
        assertEquals(1, sessionRows(session.sessionId()));

        clock.advance(IDLE.plusSeconds(1));
        assertEquals(Optional.empty(), sessions.authenticate(created.token()));
        assertEquals(0, sessionRows(session.sessionId()));
    }

    @Test
    void sessionUsedRegularlyStillEndsAtTheAbsoluteTimeOut() throws SQLException {
        Instant loggedIn = clock.instant();
        NewSession created = signUp(newEmail(), newClient());
        assertEquals(loggedIn.plus(ABSOLUTE), created.view().expiresAt());
        String sessionId = live(created).sessionId();

        Duration step = IDLE.dividedBy(2);
        int requests = 0;
        while (clock.instant().plus(step).isBefore(created.view().expiresAt())) {
            clock.advance(step);
            live(created);
            requests++;
        }
        assertTrue(requests > 20, "the session was used all along, " + requests + " times");
        clock.advance(Duration.between(clock.instant(), created.view().expiresAt()));
        live(created);

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), sessions.authenticate(created.token()));
        assertEquals(0, sessionRows(sessionId));
    }

    @Test
    void idleClockIsWrittenAtMostOnceAMinute() throws SQLException {
        Instant loggedIn = clock.instant();
        NewSession created = signUp(newEmail(), newClient());
        String sessionId = live(created).sessionId();
        assertEquals(loggedIn, lastSeenAt(sessionId));

        clock.advance(Duration.ofSeconds(30));
        live(created);
        assertEquals(loggedIn, lastSeenAt(sessionId));
        clock.advance(Duration.ofSeconds(30));
        live(created);
        assertEquals(loggedIn, lastSeenAt(sessionId), "exactly one minute later is not yet more than a minute");

        clock.advance(Duration.ofSeconds(1));
        Instant touched = clock.instant();
        live(created);
        assertEquals(touched, lastSeenAt(sessionId));

        clock.advance(Duration.ofSeconds(59));
        live(created);
        assertEquals(touched, lastSeenAt(sessionId));
    }

    @Test
    void logoutEndsExactlyThatSession() throws SQLException {
        String email = newEmail();
        ClientInfo client = newClient();
        NewSession first = signUp(email, client);
        NewSession second = login(email, PASSWORD, client);
        AuthenticatedSession firstSession = live(first);
        String secondId = live(second).sessionId();

        sessions.logout(firstSession, client);

        assertEquals(Optional.empty(), sessions.authenticate(first.token()));
        assertEquals(secondId, live(second).sessionId());
        assertEquals(List.of(secondId), sessionIdsOf(first.view().user().id()));
        assertEquals(1, activity(firstSession.caller(), "auth.logout").total());
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsAndRetiresTheOldPassword() throws SQLException {
        String email = newEmail();
        ClientInfo client = newClient();
        NewSession current = signUp(email, client);
        NewSession other = login(email, PASSWORD, client);
        AuthenticatedSession session = live(current);
        live(other);

        service.changePassword(session, PASSWORD, NEW_PASSWORD, client);

        assertEquals(session.sessionId(), live(current).sessionId());
        assertEquals(Optional.empty(), sessions.authenticate(other.token()));
        assertEquals(List.of(session.sessionId()), sessionIdsOf(session.caller().userId()));
        ApiException old = assertThrows(ApiException.class, () -> login(email, PASSWORD, client));
        assertEquals(401, old.status());
        NewSession again = login(email, NEW_PASSWORD, client);
        assertEquals(session.caller().userId(), live(again).caller().userId());
        List<ActivityView> changed = activity(session.caller(), "auth.password.changed").items();
        assertEquals(1, changed.size());
        assertEquals("1", changed.get(0).details().get("otherSessionsEnded"));
    }

    // ------------------------------------------------------------------ login throttling

    @Test
    void wrongPasswordsFromOneAddressLockThatAddressOutOfTheAccountButNotTheOwnersAddress() {
        String email = newEmail();
        ClientInfo owner = newClient();
        ClientInfo stranger = newClient();
        Caller caller = live(signUp(email, owner)).caller();
        int allowed = config().rateLimit_loginFailuresPerAccountAndAddress();

        for (int i = 0; i < allowed; i++) {
            ApiException wrong = assertThrows(ApiException.class,
                    () -> login(email, "wrong-guess-" + UUID.randomUUID(), stranger));
            assertEquals(401, wrong.status());
        }
        ApiException throttled = assertThrows(ApiException.class, () -> login(email, PASSWORD, stranger));

        assertEquals(429, throttled.status());
        String retryAfter = throttled.headers().get("Retry-After");
        assertNotNull(retryAfter, "429 without Retry-After");
        assertTrue(Long.parseLong(retryAfter) >= 1, retryAfter);
        assertEquals(caller.userId(), live(login(email, PASSWORD, owner)).caller().userId());
        assertEquals(allowed, activity(caller, "auth.login.failed").total());
        List<ActivityView> entries = activity(caller, "auth.login.throttled").items();
        assertEquals(1, entries.size());
        assertEquals("account-address", entries.get(0).details().get("reason"));
        assertEquals(stranger.ip(), entries.get(0).ip());
    }

    @Test
    void manyWrongPasswordsFromManyAddressesDelayTheAccountInsteadOfLockingIt() {
        String email = newEmail();
        Caller caller = live(signUp(email, newClient())).caller();
        int free = config().rateLimit_loginFailuresPerAccount();

        for (int i = 0; i < free; i++) {
            ClientInfo someone = newClient();
            assertEquals(401, assertThrows(ApiException.class,
                    () -> login(email, "wrong-guess-" + UUID.randomUUID(), someone)).status());
        }
        ApiException delayed = assertThrows(ApiException.class, () -> login(email, PASSWORD, newClient()));

        assertEquals(429, delayed.status());
        assertEquals("1", delayed.headers().get("Retry-After"), "the first delay is a second");
        List<ActivityView> entries = activity(caller, "auth.login.throttled").items();
        assertEquals("account", entries.get(0).details().get("reason"));
    }

    // ------------------------------------------------------------------ API keys

    @Test
    void aKeyCarriesTheScopesItWasCreatedWithAndKeepsThemWhenRegenerated() {
        ClientInfo client = newClient();
        Caller owner = live(signUp(newEmail(), client)).caller();

        ApiKeyView key = keys.create(owner, "sender", List.of("send", "READ"), client);

        assertEquals(List.of("read", "send"), key.scopes());
        Caller byKey = keys.authenticate(key.key(), client).orElseThrow();
        assertEquals(Set.of(Scope.READ, Scope.SEND), byKey.scopes());
        assertTrue(byKey.has(Scope.SEND));
        assertFalse(byKey.has(Scope.CONTACTS));
        assertFalse(byKey.has(Scope.ADMIN));
        ApiKeyView again = keys.regenerate(owner, key.id(), client);
        assertEquals(List.of("read", "send"), again.scopes());
        assertEquals("read,send", activity(owner, "apikey.created").items().get(0).details().get("scopes"));
    }

    @Test
    void aKeyNeedsAtLeastOneKnownScope() {
        ClientInfo client = newClient();
        Caller owner = live(signUp(newEmail(), client)).caller();

        ApiException none = assertThrows(ApiException.class, () -> keys.create(owner, "k", List.of(), client));
        ApiException unknown = assertThrows(ApiException.class,
                () -> keys.create(owner, "k", List.of("read", "everything"), client));

        assertEquals(Set.of("scopes"), fields(none));
        assertEquals(Set.of("scopes"), fields(unknown));
        assertEquals(List.of(), keys.list(owner, newClient()));
    }

    @Test
    void anAdminKeyMayDoEverything() {
        ClientInfo client = newClient();
        Caller owner = live(signUp(newEmail(), client)).caller();

        Caller admin = keys.authenticate(keys.create(owner, "all", List.of("admin"), client).key(), client)
                .orElseThrow();

        for (Scope scope : Scope.values()) {
            assertTrue(admin.has(scope), scope.id());
        }
    }

    @Test
    void apiKeyAuthenticatesUntilRevokedAndRecordsUseAtMostOnceAMinute() {
        ClientInfo client = newClient();
        Caller owner = live(signUp(newEmail(), client)).caller();
        ApiKeyView key = keys.create(owner, "ci", List.of("admin"), client);
        assertNotNull(key.key());

        Instant firstUse = clock.instant();
        Caller byKey = keys.authenticate(key.key(), client).orElseThrow();
        assertEquals(owner.accountId(), byKey.accountId());
        assertEquals(Caller.AuthMethod.API_KEY, byKey.method());
        assertEquals(key.id(), byKey.apiKeyId());
        assertNull(byKey.userId());
        assertEquals(1, activity(owner, "apikey.used").total());
        ActivityView used = activity(owner, "apikey.used").items().get(0);
        assertEquals(key.id(), used.apiKeyId());
        assertEquals("ci", used.apiKeyName(), "the log names the key, so showing it needs no look at the key list");
        assertEquals(firstUse, keyView(owner, key.id()).lastUsedAt());

        clock.advance(Duration.ofSeconds(30));
        assertTrue(keys.authenticate(key.key(), client).isPresent());
        clock.advance(Duration.ofSeconds(30));
        assertTrue(keys.authenticate(key.key(), client).isPresent());
        assertEquals(1, activity(owner, "apikey.used").total());
        assertEquals(firstUse, keyView(owner, key.id()).lastUsedAt());

        clock.advance(Duration.ofSeconds(1));
        Instant secondUse = clock.instant();
        assertTrue(keys.authenticate(key.key(), client).isPresent());
        assertTrue(keys.authenticate(key.key(), client).isPresent());
        assertEquals(2, activity(owner, "apikey.used").total());
        assertEquals(secondUse, keyView(owner, key.id()).lastUsedAt());

        clock.advance(Duration.ofMinutes(5));
        Instant revoked = clock.instant();
        keys.revoke(owner, key.id(), client);

        assertEquals(Optional.empty(), keys.authenticate(key.key(), client));
        assertEquals(revoked, keyView(owner, key.id()).revokedAt());
        assertEquals(2, activity(owner, "apikey.used").total());
        assertEquals(1, activity(owner, "apikey.revoked").total());
    }

    // ------------------------------------------------------------------ activity log

    @Test
    void activityIsNewestFirstWithinOneInstantPagedAndFilteredByTypePrefix() {
        ClientInfo client = newClient();
        Caller caller = live(signUp(newEmail(), client)).caller();
        // No clock movement: all six entries (sign-up's three: created, verification mailed, login) share
        // one instant, and only seq orders them.
        for (String type : List.of("test.alpha", "test.beta", "test.gamma")) {
            activityLog.record(ActivityEvent.by(caller, type).build());
        }

        Page<ActivityView> first = activityLog.activity(caller, null, 0, 2);
        assertEquals(List.of("test.gamma", "test.beta"), types(first));
        assertEquals(6, first.total());
        assertEquals(1, first.items().stream().map(ActivityView::occurredAt).distinct().count());
        assertEquals(List.of("test.alpha", "auth.login.succeeded"), types(activityLog.activity(caller, null, 1, 2)));
        assertEquals(List.of("account.verification.sent", "account.created"),
                types(activityLog.activity(caller, null, 2, 2)));
        assertEquals(List.of(), types(activityLog.activity(caller, null, 3, 2)));

        Page<ActivityView> prefixed = activityLog.activity(caller, "test.", 0, 10);
        assertEquals(List.of("test.gamma", "test.beta", "test.alpha"), types(prefixed));
        assertEquals(3, prefixed.total());
        assertEquals(List.of("test.beta"), types(activityLog.activity(caller, "test.beta", 0, 10)));
        assertEquals(List.of(), types(activityLog.activity(caller, "test", 0, 10)), "without a dot the type is exact");

        clock.advance(Duration.ofSeconds(1));
        activityLog.record(ActivityEvent.by(caller, "test.delta").build());
        assertEquals(List.of("test.delta"), types(activityLog.activity(caller, null, 0, 1)));
    }

    @Test
    void activityOfOneAccountNeverShowsAnothers() {
        ClientInfo client = newClient();
        Caller a = live(signUp(newEmail(), client)).caller();
        Caller b = live(signUp(newEmail(), client)).caller();
        activityLog.record(ActivityEvent.by(a, "test.mine").detail("owner", "a").build());
        activityLog.record(ActivityEvent.by(b, "test.mine").detail("owner", "b").build());
        activityLog.record(ActivityEvent.by(b, "test.theirs").build());

        Page<ActivityView> ofA = activityLog.activity(a, null, 0, 200);
        assertEquals(List.of("test.mine", "auth.login.succeeded", "account.verification.sent", "account.created"),
                types(ofA));
        assertEquals(4, ofA.total());
        assertEquals("a", ofA.items().get(0).details().get("owner"));
        assertEquals(Set.of(a.userId()), ofA.items().stream().map(ActivityView::userId).collect(Collectors.toSet()));
        assertEquals(List.of("account.created", "account.verification.sent", "auth.login.succeeded", "test.mine"),
                activityLog.activityTypes(a));

        Page<ActivityView> ofB = activityLog.activity(b, "test.", 0, 200);
        assertEquals(List.of("test.theirs", "test.mine"), types(ofB));
        assertEquals("b", ofB.items().get(1).details().get("owner"));
    }

    @Test
    void activityAboutOneSubjectMatchesWholeDetailValuesOnly() {
        Caller caller = live(signUp(newEmail(), newClient())).caller();
        String id = UUID.randomUUID().toString();
        activityLog.record(ActivityEvent.by(caller, "test.about").detail("contactId", id).build());
        activityLog.record(ActivityEvent.by(caller, "test.other").detail("contactId", id + "0").build());
        activityLog.record(ActivityEvent.by(caller, "test.other").detail("note", "x" + id).build());
        assertEquals(List.of("test.about"), types(activityLog.activity(caller, null, id, 0, 50)));
        assertEquals(List.of("test.about"), types(activityLog.activity(caller, "test.", id, 0, 50)));
        assertEquals(List.of(), types(activityLog.activity(caller, "test.other", id, 0, 50)));
        Caller stranger = live(signUp(newEmail(), newClient())).caller();
        assertEquals(List.of(), types(activityLog.activity(stranger, null, id, 0, 50)));
        assertEquals(Set.of("subject"), fields(assertThrows(ApiException.class,
                () -> activityLog.activity(caller, null, "%", 0, 50))));
    }

    @Test
    void activityRejectsBadPagingAndTypes() {
        Caller anyone = new Caller(UUID.randomUUID().toString(), null, null, Caller.AuthMethod.API_KEY, "k");

        ApiException e = assertThrows(ApiException.class, () -> activityLog.activity(anyone, "Not A Type", -1, 0));

        assertEquals(422, e.status());
        assertEquals(Set.of("page", "size", "type"), fields(e));
    }

    // ------------------------------------------------------------------ sign-up

    @Test
    void signupWithATakenAddressAnswersLikeANewOneAndTellsTheOwner() throws SQLException {
        ClientInfo client = newClient();
        String local = "Dup" + UUID.randomUUID().toString().substring(0, 8);
        IdentityService.SignupAnswer first = service.signup(local + "@Example.COM", PASSWORD, "First", client);
        int mailsBefore = mails.size();

        IdentityService.SignupAnswer second = service.signup(local.toLowerCase() + "@example.com", PASSWORD, "Second",
                client);

        assertEquals(first, second);
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM nm_user WHERE email_key = ?")) {
            q.setString(1, (local + "@example.com").toLowerCase());
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
        assertEquals(mailsBefore + 1, mails.size());
        Mail notice = mails.get(mails.size() - 1);
        assertEquals(local + "@example.com", notice.to());
        assertTrue(notice.subject().contains("tried to sign up"), notice.subject());
    }

    // ------------------------------------------------------------------ address confirmation

    @Test
    void anUnconfirmedAccountMaySignInButNotSendUntilTheMailedLinkIsUsedOnce() {
        String email = newEmail();
        ClientInfo client = newClient();
        service.signup(email, PASSWORD, null, client);
        Mail mail = lastMailTo(email);
        String token = tokenIn(mail.text(), "/#/verify-email?token=");
        assertTrue(mail.text().contains("https://mail.example/#/verify-email?token="), mail.text());

        NewSession session = login(email, PASSWORD, client);
        assertFalse(live(session).caller().maySend());
        assertFalse(session.view().account().maySend());

        service.verifyEmail(token, client);

        assertTrue(live(session).caller().maySend());
        ApiException again = assertThrows(ApiException.class, () -> service.verifyEmail(token, client));
        assertEquals(Set.of("token"), fields(again));
        assertEquals(1, activity(live(session).caller(), "account.verified").total());
    }

    @Test
    void aConfirmationLinkExpires() {
        String email = newEmail();
        ClientInfo client = newClient();
        service.signup(email, PASSWORD, null, client);
        String token = tokenIn(lastMailTo(email).text(), "/#/verify-email?token=");

        clock.advance(Duration.ofHours(config().signup_verificationLinkHours()).plusSeconds(1));

        assertEquals(Set.of("token"), fields(assertThrows(ApiException.class, () -> service.verifyEmail(token, client))));
        assertFalse(live(login(email, PASSWORD, client)).caller().maySend());
    }

    // ------------------------------------------------------------------ password reset

    @Test
    void aResetLinkSetsANewPasswordOnceAndEndsEverySession() throws SQLException {
        String email = newEmail();
        ClientInfo client = newClient();
        NewSession before = signUp(email, client);
        String userId = live(before).caller().userId();

        service.requestPasswordReset(email.toUpperCase(), client);
        String token = tokenIn(lastMailTo(email).text(), "/#/reset-password?token=");
        assertTrue(login(email, PASSWORD, client) != null, "the old password works until the reset");
        ApiException weak = assertThrows(ApiException.class, () -> service.resetPassword(token, "password1234", client));
        assertEquals(Set.of("password"), fields(weak));

        service.resetPassword(token, NEW_PASSWORD, client);

        assertEquals(Optional.empty(), sessions.authenticate(before.token()));
        assertEquals(List.of(), sessionIdsOf(userId));
        assertEquals(401, assertThrows(ApiException.class, () -> login(email, PASSWORD, client)).status());
        Caller caller = live(login(email, NEW_PASSWORD, client)).caller();
        assertTrue(caller.maySend(), "a used reset link proves the address too");
        assertEquals(Set.of("token"), fields(assertThrows(ApiException.class,
                () -> service.resetPassword(token, "another-Quartz-meadow-99", client))));
        assertEquals(1, activity(caller, "auth.password.reset.requested").total());
        ActivityView reset = activity(caller, "auth.password.reset").items().get(0);
        assertEquals("2", reset.details().get("sessionsEnded"));
    }

    @Test
    void aResetLinkExpiresAfterThirtyMinutes() {
        String email = newEmail();
        ClientInfo client = newClient();
        signUp(email, client);
        service.requestPasswordReset(email, client);
        String token = tokenIn(lastMailTo(email).text(), "/#/reset-password?token=");

        clock.advance(Duration.ofMinutes(30).plusSeconds(1));

        assertEquals(Set.of("token"), fields(assertThrows(ApiException.class,
                () -> service.resetPassword(token, NEW_PASSWORD, client))));
        login(email, PASSWORD, client);
    }

    @Test
    void aResetRequestForAnUnknownAddressAnswersTheSameAndMailsNothing() {
        int before = mails.size();

        service.requestPasswordReset(newEmail(), newClient());

        assertEquals(before, mails.size());
    }

    @Test
    void resetMailsAreLimitedPerAccountWithoutChangingTheAnswer() {
        String email = newEmail();
        signUp(email, newClient());
        int limit = config().rateLimit_passwordResetsPerAccountPerHour();
        int before = mails.size();

        for (int i = 0; i < limit + 2; i++) {
            service.requestPasswordReset(email, newClient());
        }

        assertEquals(before + limit, mails.size());
    }

    // ------------------------------------------------------------------ invitations

    @Test
    void anInvitationCreatesAConfirmedAccountOnce() {
        String email = newEmail();
        ClientInfo client = newClient();
        String link = service.invite(email, "Invited Ltd");
        String token = tokenIn(link, "/#/invitation?token=");

        NewSession session = service.acceptInvitation(token, PASSWORD, client);

        assertEquals("Invited Ltd", session.view().account().name());
        assertTrue(live(session).caller().maySend());
        assertEquals(Set.of("token"), fields(assertThrows(ApiException.class,
                () -> service.acceptInvitation(token, PASSWORD, client))));
        assertThrows(IllegalArgumentException.class, () -> service.invite(email, null));
    }

    // ------------------------------------------------------------------ clean-up

    @Test
    void cleanUpDeletesEndedSessionsAndUsedOrExpiredLinksOnly() throws SQLException {
        String email = newEmail();
        ClientInfo client = newClient();
        NewSession session = signUp(email, client);
        String sessionId = live(session).sessionId();
        service.requestPasswordReset(email, client);
        String token = tokenIn(lastMailTo(email).text(), "/#/reset-password?token=");

        sessions.cleanUp();
        service.cleanUpLinks();
        assertEquals(1, sessionRows(sessionId));
        assertEquals(1, tokenRows(token));

        clock.advance(IDLE.plusSeconds(1));
        int endedSessions = sessions.cleanUp();
        int deletedLinks = service.cleanUpLinks();

        assertTrue(endedSessions >= 1 && deletedLinks >= 1, endedSessions + " sessions, " + deletedLinks + " links");
        assertEquals(0, sessionRows(sessionId));
        assertEquals(0, tokenRows(token));
    }

    @Test
    void signupWithInvalidInputNamesEveryBadField() {
        ApiException e = assertThrows(ApiException.class,
                () -> service.signup("not-an-email", "short", "bad\u0007name", newClient()));

        assertEquals(422, e.status());
        assertEquals(Set.of("email", "password", "accountName"), fields(e));
    }

    @Test
    void signupWithMissingInputNamesEveryMissingField() {
        ApiException e = assertThrows(ApiException.class, () -> service.signup(" ", "", null, newClient()));

        assertEquals(422, e.status());
        assertEquals(Set.of("email", "password"), fields(e));
    }

    // ------------------------------------------------------------------ helpers

    /** A mail the service queued. */
    record Mail(String accountId, String to, String subject, String text) {
    }

    /** Signs up (the answer says nothing) and logs in, as a new user does. */
    /** A login of a user without two-factor authentication: it opens a session at once. */
    private NewSession login(String email, String password, ClientInfo client) {
        LoginResult result = service.login(email, password, client);
        assertNull(result.secondStep());
        return result.session();
    }

    private NewSession signUp(String email, ClientInfo client) {
        service.signup(email, PASSWORD, null, client);
        return login(email, PASSWORD, client);
    }

    private Mail lastMailTo(String email) {
        for (int i = mails.size() - 1; i >= 0; i--) {
            if (mails.get(i).to().equalsIgnoreCase(email)) {
                return mails.get(i);
            }
        }
        throw new AssertionError("no mail to " + email);
    }

    private static String tokenIn(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "no " + marker + " in: " + text);
        int start = at + marker.length();
        int end = start;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end);
    }

    private int tokenRows(String token) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM nm_user_token WHERE id = ?")) {
            q.setString(1, io.neuromail.identity.internal.security.Secrets.sha256(token));
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }

    private AuthenticatedSession live(NewSession session) {
        return sessions.authenticate(session.token())
                .orElseThrow(() -> new AssertionError("session ended at " + clock.instant()));
    }

    private Page<ActivityView> activity(Caller caller, String type) {
        return activityLog.activity(caller, type, 0, 200);
    }

    private ApiKeyView keyView(Caller caller, String id) {
        return keys.list(caller, newClient()).stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> types(Page<ActivityView> page) {
        return page.items().stream().map(ActivityView::type).toList();
    }

    private static Set<String> fields(ApiException e) {
        return e.fieldErrors().stream().map(ApiException.FieldError::field).collect(Collectors.toSet());
    }

    private static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** A fresh client address, so the per-address limits of one test do not reach another. */
    private ClientInfo newClient() {
        int n = clients.incrementAndGet();
        return new ClientInfo("192.0.2." + n, "IdentityServiceTest");
    }

    private int sessionRows(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM nm_session WHERE id = ?")) {
            q.setString(1, sessionId);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }

    private List<String> sessionIdsOf(String userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id FROM nm_session WHERE user_id = ? ORDER BY id")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    private Instant lastSeenAt(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT last_seen_at FROM nm_session WHERE id = ?")) {
            q.setString(1, sessionId);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "no session row " + sessionId);
                Instant value = rs.getTimestamp(1).toInstant();
                assertFalse(rs.next());
                return value;
            }
        }
    }

    /**
     * The shipped defaults (the annotation's own), bcrypt at 12, the least the service accepts; each
     * attribute may be overridden by its method name.
     */
    static IdentityConfig config(Map<String, Object> overrides) {
        return (IdentityConfig) Proxy.newProxyInstance(IdentityConfig.class.getClassLoader(),
                new Class<?>[] {IdentityConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return IdentityConfig.class;
                    }
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    Object value = method.getDefaultValue();
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return value;
                });
    }

    static IdentityConfig config() {
        return config(Map.of());
    }
}
