package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.identity.internal.Views.ActivityView;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.Views.LoginResult;
import io.neuromail.identity.internal.Views.NewSession;
import io.neuromail.identity.internal.security.SecretBox;
import io.neuromail.identity.internal.security.Totp;

/**
 * Two-factor authentication on the real persistence service over in-memory H2, with a clock the test
 * moves (TOTP steps included): enrolment, the login's second step, replays, recovery codes, turning it
 * off, the limits and what is stored. Each test has its own user and client address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoFactorServiceTest {

    private static final String PASSWORD = "violet-lantern-harbour-73";

    private final MovingClock clock = new MovingClock(Instant.parse("2030-01-07T09:00:05Z"));
    private final AtomicInteger clients = new AtomicInteger();
    private final Totp totp = new Totp();
    private JdbcDataSource dataSource;
    private IdentityDatabase database;
    private ActivityLogService activityLog;
    private SessionService sessions;
    private TwoFactorService twoFactor;
    private IdentityService identity;

    @BeforeAll
    void start() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:nm_twofactor_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        database = new IdentityDatabase(new PersistenceService(dataSource));
        activityLog = new ActivityLogService(database, clock);
        IdentityConfig config = IdentityServiceTest.config(Map.of("signup_mode", "open"));
        sessions = new SessionService(database, activityLog, config, clock);
        twoFactor = new TwoFactorService(database, activityLog, config,
                new SecretBox(randomKey()), clock);
        identity = new IdentityService(database, activityLog, sessions, twoFactor, config, clock);
    }

    @AfterAll
    void stop() throws SQLException {
        try {
            database.deactivate();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void twoFactorIsOnOnlyOnceACodeOfTheNewSecretIsConfirmed() throws SQLException {
        User u = newUser();
        NewSession other = identity.login(u.email, PASSWORD, u.client).session();
        TwoFactorService.Enrolment enrolment = twoFactor.startEnrolment(u.caller(), u.client);
        assertTrue(enrolment.otpauthUri().contains("secret=" + enrolment.secret()));
        assertTrue(enrolment.qrSvg().startsWith("<svg"));
        assertTrue(twoFactor.status(u.caller()).enrolmentPending());
        assertFalse(twoFactor.status(u.caller()).enabled());
        assertNotNull(identity.login(u.email, PASSWORD, u.client).session(), "not on before confirming");

        byte[] secret = Totp.fromText(enrolment.secret());
        ApiException wrong = assertThrows(ApiException.class, () -> twoFactor.confirm(u.session, wrongCode(secret), u.client));
        assertEquals(422, wrong.status());
        assertFalse(twoFactor.status(u.caller()).enabled());

        TwoFactorService.RecoveryCodeList codes = twoFactor.confirm(u.session, codeNow(secret), u.client);
        assertEquals(10, codes.recoveryCodes().size());
        TwoFactorService.Status status = twoFactor.status(u.caller());
        assertTrue(status.enabled());
        assertEquals(10, status.recoveryCodesLeft());
        assertFalse(status.enrolmentPending());
        assertEquals(Optional.empty(), sessions.authenticate(other.token()), "sessions opened without the second factor end");
        assertEquals(Optional.empty(), sessions.authenticate(u.otherToken));
        assertTrue(sessions.authenticate(u.token).isPresent(), "the session that turned it on stays");
        assertEquals(List.of("auth.2fa.enabled", "auth.2fa.failed", "auth.2fa.enrolment.started"), types(u, "auth.2fa."));
    }

    @Test
    void theSecretIsStoredSealedNeverInClear() throws SQLException {
        User u = newUser();
        byte[] secret = enable(u).secret;
        String stored = column("SELECT secret FROM nm_user_two_factor WHERE user_id = ?", u.id());
        assertTrue(stored.startsWith("v1."), stored);
        assertFalse(stored.contains(Totp.toText(secret)));
        assertFalse(stored.toUpperCase().contains(Totp.toText(secret).substring(0, 16)));
        String codeHash = column("SELECT code_hash FROM nm_recovery_code WHERE user_id = ? FETCH FIRST 1 ROWS ONLY", u.id());
        assertEquals(64, codeHash.length());
    }

    @Test
    void aPasswordAloneOpensNoSessionAndTheRightCodeDoesOnce() throws SQLException {
        User u = newUser();
        Enabled on = enable(u);
        clock.advance(Totp.STEP);
        int before = sessionRows(u.id());
        LoginResult first = identity.login(u.email, PASSWORD, u.client);
        assertNull(first.session());
        assertNotNull(first.secondStep().challenge());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), first.secondStep().expiresAt());
        assertEquals(before, sessionRows(u.id()), "no session before the code");

        ApiException wrong = assertThrows(ApiException.class,
                () -> identity.completeLogin(first.secondStep().challenge(), wrongCode(on.secret), u.client));
        assertEquals(422, wrong.status());
        assertEquals("code", wrong.fieldErrors().get(0).field());
        String code = codeNow(on.secret);
        NewSession session = identity.completeLogin(first.secondStep().challenge(), code, u.client);
        assertEquals(u.id(), session(session).caller().userId());
        assertEquals(before + 1, sessionRows(u.id()));

        LoginResult again = identity.login(u.email, PASSWORD, u.client);
        ApiException replay = assertThrows(ApiException.class,
                () -> identity.completeLogin(again.secondStep().challenge(), code, u.client));
        assertEquals(422, replay.status(), "the same code in the same step is refused");
        ApiException usedChallenge = assertThrows(ApiException.class,
                () -> identity.completeLogin(first.secondStep().challenge(), codeNow(on.secret), u.client));
        assertEquals(401, usedChallenge.status(), "a challenge opens one session");

        clock.advance(Totp.STEP);
        assertNotNull(identity.completeLogin(again.secondStep().challenge(), codeNow(on.secret), u.client).token(),
                "the next step's code works");
        assertTrue(types(u, "auth.2fa.failed").size() >= 2);
    }

    @Test
    void aCodeFromTheStepBeforeOrAfterIsAcceptedForClocksThatDrift() {
        User u = newUser();
        Enabled on = enable(u);
        clock.advance(Totp.STEP.multipliedBy(2));
        long now = Totp.stepOf(clock.instant());
        LoginResult login = identity.login(u.email, PASSWORD, u.client);
        assertNotNull(identity.completeLogin(login.secondStep().challenge(), totp.code(on.secret, now + 1), u.client));
        LoginResult later = identity.login(u.email, PASSWORD, u.client);
        assertEquals(422, assertThrows(ApiException.class, () -> identity.completeLogin(later.secondStep().challenge(),
                totp.code(on.secret, now), u.client)).status(), "nothing before a step that was used");
        clock.advance(Totp.STEP.multipliedBy(4));
        LoginResult tooOld = identity.login(u.email, PASSWORD, u.client);
        assertEquals(422, assertThrows(ApiException.class, () -> identity.completeLogin(tooOld.secondStep().challenge(),
                totp.code(on.secret, Totp.stepOf(clock.instant()) - 2), u.client)).status(), "two steps away");
    }

    @Test
    void theSecondStepExpires() {
        User u = newUser();
        Enabled on = enable(u);
        LoginResult login = identity.login(u.email, PASSWORD, u.client);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        ApiException expired = assertThrows(ApiException.class,
                () -> identity.completeLogin(login.secondStep().challenge(), codeNow(on.secret), u.client));
        assertEquals(401, expired.status());
    }

    @Test
    void eachRecoveryCodeWorksOnceAndIsRecorded() throws SQLException {
        User u = newUser();
        Enabled on = enable(u);
        String recovery = on.codes.get(3);
        LoginResult login = identity.login(u.email, PASSWORD, u.client);
        NewSession session = identity.completeLogin(login.secondStep().challenge(), recovery.toUpperCase(), u.client);
        assertNotNull(session);
        assertEquals(9, twoFactor.status(u.caller()).recoveryCodesLeft());
        assertEquals(List.of("auth.2fa.recovery-code.used"), types(u, "auth.2fa.recovery-code.used"));

        LoginResult again = identity.login(u.email, PASSWORD, u.client);
        assertEquals(422, assertThrows(ApiException.class,
                () -> identity.completeLogin(again.secondStep().challenge(), recovery, u.client)).status());
        User stranger = newUser();
        enable(stranger);
        LoginResult theirs = identity.login(stranger.email, PASSWORD, stranger.client);
        assertEquals(422, assertThrows(ApiException.class,
                () -> identity.completeLogin(theirs.secondStep().challenge(), on.codes.get(4), stranger.client)).status(),
                "one user's recovery code is nothing to another");
        assertEquals(9, twoFactor.status(u.caller()).recoveryCodesLeft());
    }

    @Test
    void newRecoveryCodesNeedACodeAndReplaceTheOldOnes() {
        User u = newUser();
        Enabled on = enable(u);
        clock.advance(Totp.STEP);
        assertEquals(422, assertThrows(ApiException.class,
                () -> twoFactor.regenerate(u.caller(), on.codes.get(0), u.client)).status(), "a recovery code is not enough");
        List<String> renewed = twoFactor.regenerate(u.caller(), codeNow(on.secret), u.client).recoveryCodes();
        assertEquals(10, renewed.size());
        LoginResult login = identity.login(u.email, PASSWORD, u.client);
        assertEquals(422, assertThrows(ApiException.class,
                () -> identity.completeLogin(login.secondStep().challenge(), on.codes.get(1), u.client)).status());
        assertNotNull(identity.completeLogin(login.secondStep().challenge(), renewed.get(0), u.client));
        assertEquals(List.of("auth.2fa.recovery-codes.regenerated"), types(u, "auth.2fa.recovery-codes.regenerated"));
    }

    @Test
    void turningItOffNeedsThePasswordAndACode() throws SQLException {
        User u = newUser();
        Enabled on = enable(u);
        clock.advance(Totp.STEP);
        ApiException noPassword = assertThrows(ApiException.class,
                () -> identity.disableTwoFactor(u.session, "wrong-" + PASSWORD, codeNow(on.secret), u.client));
        assertEquals("password", noPassword.fieldErrors().get(0).field());
        ApiException noCode = assertThrows(ApiException.class,
                () -> identity.disableTwoFactor(u.session, PASSWORD, wrongCode(on.secret), u.client));
        assertEquals("code", noCode.fieldErrors().get(0).field());
        assertTrue(twoFactor.status(u.caller()).enabled());

        identity.disableTwoFactor(u.session, PASSWORD, codeNow(on.secret), u.client);
        assertFalse(twoFactor.status(u.caller()).enabled());
        assertEquals("0", column("SELECT CAST(COUNT(*) AS VARCHAR) FROM nm_recovery_code WHERE user_id = ?", u.id()));
        assertNotNull(identity.login(u.email, PASSWORD, u.client).session(), "a password is enough again");
        assertEquals(List.of("auth.2fa.disabled"), types(u, "auth.2fa.disabled"));
    }

    @Test
    void wrongCodesAtLoginAreLimitedLikeWrongPasswords() {
        User u = newUser();
        Enabled on = enable(u);
        LoginResult login = identity.login(u.email, PASSWORD, u.client);
        int limit = IdentityServiceTest.config().rateLimit_loginFailuresPerAccountAndAddress();
        for (int i = 0; i < limit; i++) {
            assertEquals(422, assertThrows(ApiException.class,
                    () -> identity.completeLogin(login.secondStep().challenge(), wrongCode(on.secret), u.client)).status());
        }
        ApiException limited = assertThrows(ApiException.class,
                () -> identity.completeLogin(login.secondStep().challenge(), codeNow(on.secret), u.client));
        assertEquals(429, limited.status(), "even the right code waits");
        assertEquals(limit, types(u, "auth.2fa.failed").size());
        assertEquals(429, assertThrows(ApiException.class, () -> identity.login(u.email, PASSWORD, u.client)).status(),
                "the right password does not start the guessing of codes afresh");
    }

    @Test
    void aRightPasswordDoesNotForgiveWrongCodes() {
        User u = newUser();
        Enabled on = enable(u);
        int limit = IdentityServiceTest.config().rateLimit_loginFailuresPerAccountAndAddress();
        for (int i = 0; i < limit - 1; i++) {
            LoginResult login = identity.login(u.email, PASSWORD, u.client);
            assertEquals(422, assertThrows(ApiException.class,
                    () -> identity.completeLogin(login.secondStep().challenge(), wrongCode(on.secret), u.client)).status());
        }
        LoginResult last = identity.login(u.email, PASSWORD, u.client);
        assertEquals(422, assertThrows(ApiException.class,
                () -> identity.completeLogin(last.secondStep().challenge(), wrongCode(on.secret), u.client)).status());
        assertEquals(429, assertThrows(ApiException.class, () -> identity.login(u.email, PASSWORD, u.client)).status());
    }

    @Test
    void anApiKeyCallerHasNoTwoFactor() {
        User u = newUser();
        Caller keyCaller = new Caller(u.caller().accountId(), null, null, Caller.AuthMethod.API_KEY, "key-1");
        assertEquals(403, assertThrows(ApiException.class, () -> twoFactor.status(keyCaller)).status());
    }

    // ------------------------------------------------------------------ helpers

    private record Enabled(byte[] secret, List<String> codes) {
    }

    private final class User {
        final String email = "user-" + UUID.randomUUID() + "@example.com";
        final ClientInfo client = new ClientInfo("198.51.100." + clients.incrementAndGet(), "TwoFactorServiceTest");
        String token;
        String otherToken;
        AuthenticatedSession session;

        Caller caller() {
            return session.caller();
        }

        String id() {
            return session.caller().userId();
        }
    }

    private User newUser() {
        User u = new User();
        identity.signup(u.email, PASSWORD, null, u.client);
        NewSession s = identity.login(u.email, PASSWORD, u.client).session();
        u.token = s.token();
        u.session = session(s);
        u.otherToken = identity.login(u.email, PASSWORD, u.client).session().token();
        return u;
    }

    private Enabled enable(User u) {
        byte[] secret = Totp.fromText(twoFactor.startEnrolment(u.caller(), u.client).secret());
        return new Enabled(secret, twoFactor.confirm(u.session, codeNow(secret), u.client).recoveryCodes());
    }

    private static byte[] randomKey() {
        byte[] key = new byte[SecretBox.KEY_BYTES];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private String codeNow(byte[] secret) {
        return totp.code(secret, Totp.stepOf(clock.instant()));
    }

    /** A code that none of the three accepted steps has. */
    private String wrongCode(byte[] secret) {
        long now = Totp.stepOf(clock.instant());
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (!candidate.equals(totp.code(secret, now - 1)) && !candidate.equals(totp.code(secret, now))
                    && !candidate.equals(totp.code(secret, now + 1))) {
                return candidate;
            }
        }
    }

    private AuthenticatedSession session(NewSession s) {
        return sessions.authenticate(s.token()).orElseThrow();
    }

    private List<String> types(User u, String prefix) {
        return activityLog.activity(u.caller(), prefix, 0, 200).items().stream().map(ActivityView::type).toList();
    }

    private int sessionRows(String userId) throws SQLException {
        return Integer.parseInt(column("SELECT CAST(COUNT(*) AS VARCHAR) FROM nm_session WHERE user_id = ?", userId));
    }

    private String column(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
