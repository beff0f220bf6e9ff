package io.neuromail.senderidentity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.mail.SystemMail;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.senderidentity.api.ProviderIdentityStatus;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.senderidentity.internal.IdentityService.LinkState;
import io.neuromail.senderidentity.internal.Requests.NewIdentity;
import io.neuromail.senderidentity.internal.Views.IdentityView;

/**
 * {@link IdentityService} on the real persistence service over an in-memory H2 database, with fake
 * mail and DNS and a clock the test moves. Every test works in accounts of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityServiceTest {

    private static final Pattern LINK = Pattern.compile("https://mail\\.example\\.test/verify-sender/([A-Za-z0-9_-]{43})");

    private final TestClock clock = new TestClock(Instant.parse("2030-01-07T09:00:00Z"));
    private final FakeDns dns = new FakeDns();
    private final List<ActivityEvent> activity = new CopyOnWriteArrayList<>();
    private final List<String[]> mails = new CopyOnWriteArrayList<>();
    private IdentityService service;

    @BeforeAll
    void start() throws java.sql.SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:nm_senderidentities_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        service = new IdentityService(new PersistenceService(ds), new TestConfig("pre.example", "shop.example:acc-pre"),
                clock, config -> dns);
        service.activityLog = activity::add;
        service.publicAddress = () -> "https://mail.example.test";
        service.systemMail = new SystemMail() {
            @Override
            public String send(String accountId, String to, String subject, String text) {
                if (to.startsWith("undeliverable@")) {
                    throw new IllegalArgumentException("the address is suppressed");
                }
                mails.add(new String[] {accountId, to, subject, text});
                return UUID.randomUUID().toString();
            }
        };
    }

    @AfterAll
    void stop() {
        service.deactivate();
    }

    @BeforeEach
    void reset() {
        mails.clear();
    }

    private static Caller caller() {
        return new Caller(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "u@example.test",
                Caller.AuthMethod.SESSION, null);
    }

    private String lastToken(String to) {
        for (int i = mails.size() - 1; i >= 0; i--) {
            if (mails.get(i)[1].equals(to)) {
                Matcher m = LINK.matcher(mails.get(i)[3]);
                assertTrue(m.find(), mails.get(i)[3]);
                return m.group(1);
            }
        }
        throw new AssertionError("no mail to " + to);
    }

    private static int status(Runnable r) {
        return assertThrows(ApiException.class, r::run).status();
    }

    @Test
    void addingAnAddressMailsALinkThatVerifiesItOnConfirmationOnly() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("address", " Sales@Example.COM ", null));
        assertEquals("address", created.type());
        assertEquals("sales@example.com", created.value());
        assertEquals("pending", created.status());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), created.verificationExpiresAt());
        assertEquals(1, mails.size());
        assertEquals(c.accountId(), mails.get(0)[0]);
        assertEquals("sales@example.com", mails.get(0)[1]);
        assertFalse(service.isVerified(c.accountId(), "sales@example.com"));

        String token = lastToken("sales@example.com");
        IdentityService.Link seen = service.inspect(token);
        assertEquals(LinkState.VALID, seen.state());
        assertEquals("sales@example.com", seen.address());
        assertEquals(LinkState.VALID, service.inspect(token).state(), "looking changes nothing");
        assertEquals("pending", service.get(c, created.id()).status());

        assertEquals(LinkState.CONFIRMED, service.confirm(token, "192.0.2.1", "test").state());
        assertTrue(service.isVerified(c.accountId(), "SALES@example.com"));
        assertFalse(service.isVerified(c.accountId(), "other@example.com"), "an address does not verify its domain");
        assertFalse(service.isVerified(caller().accountId(), "sales@example.com"), "nor another account");
        IdentityView verified = service.get(c, created.id());
        assertEquals("verified", verified.status());
        assertEquals(clock.instant(), verified.verifiedAt());
        assertEquals(LinkState.USED, service.confirm(token, "192.0.2.1", "test").state(), "a link works once");
        assertEquals(LinkState.USED, service.inspect(token).state());
        assertEquals(List.of("sender-identity.added", "sender-identity.verified"), types(c.accountId()));
        ActivityEvent event = activity.stream().filter(e -> e.type().equals("sender-identity.verified")
                && e.accountId().equals(c.accountId())).findFirst().orElseThrow();
        assertEquals("192.0.2.1", event.ip());
        assertEquals("link", event.details().get("via"));
    }

    @Test
    void anExpiredLinkIsRefusedAndResendIssuesANewOne() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("address", "late@example.com", null));
        String first = lastToken("late@example.com");
        clock.advance(Duration.ofHours(24));
        assertEquals(LinkState.EXPIRED, service.inspect(first).state());
        assertEquals(LinkState.EXPIRED, service.confirm(first, null, null).state());
        IdentityView expired = service.get(c, created.id());
        assertEquals("failed", expired.status());
        assertTrue(expired.statusReason().contains("expired"));
        assertFalse(service.isVerified(c.accountId(), "late@example.com"));

        IdentityView resent = service.resend(c, created.id());
        assertEquals("pending", resent.status());
        String second = lastToken("late@example.com");
        assertNotEquals(first, second);
        assertEquals(LinkState.UNKNOWN, service.inspect(first).state(), "a resend replaces the earlier link");
        assertEquals(429, status(() -> service.resend(c, created.id())), "not again at once");
        clock.advance(Duration.ofSeconds(61));
        service.resend(c, created.id());
        String third = lastToken("late@example.com");
        assertEquals(LinkState.UNKNOWN, service.inspect(second).state());
        assertEquals(LinkState.CONFIRMED, service.confirm(third, null, null).state());
        assertEquals(409, status(() -> service.resend(c, created.id())), "verified already");
        assertTrue(types(c.accountId()).contains("sender-identity.verification-resent"));
    }

    @Test
    void anAccountCausesALimitedNumberOfVerificationMailsAnHour() {
        Caller c = caller();
        for (int i = 0; i < 20; i++) {
            IdentityView v = service.create(c, new NewIdentity("address", "n" + i + "@many.example", null));
            service.delete(c, v.id());
        }
        ApiException limited = assertThrows(ApiException.class, () -> service.create(c,
                new NewIdentity("address", "one-more@many.example", null)));
        assertEquals(429, limited.status());
        assertEquals(20, mails.size());
        assertTrue(service.list(c).items().isEmpty(), "nothing was added");
        service.create(c, new NewIdentity("domain", "many.example", null));
        clock.advance(Duration.ofHours(1));
        service.create(c, new NewIdentity("address", "one-more@many.example", null));
    }

    @Test
    void anAccountThatMayNotSendYetGetsNoVerificationMail() {
        Caller c = caller();
        Caller unconfirmed = new Caller(c.accountId(), c.userId(), c.email(), Caller.AuthMethod.SESSION, null,
                java.util.EnumSet.allOf(io.neuromail.api.security.Scope.class), false);
        assertEquals(403, status(() -> service.create(unconfirmed, new NewIdentity("address", "x@wait.example", null))));
        assertTrue(mails.isEmpty());
        IdentityView domain = service.create(unconfirmed, new NewIdentity("domain", "wait.example", null));
        assertEquals("pending", domain.status());
        IdentityView address = service.create(c, new NewIdentity("address", "x@wait.example", null));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(403, status(() -> service.resend(unconfirmed, address.id())));
    }

    @Test
    void malformedAndUnknownTokensAreUnknown() {
        assertEquals(LinkState.UNKNOWN, service.inspect(null).state());
        assertEquals(LinkState.UNKNOWN, service.inspect("short").state());
        assertEquals(LinkState.UNKNOWN, service.inspect("A".repeat(43)).state());
        assertEquals(LinkState.UNKNOWN, service.confirm("A".repeat(43), null, null).state());
        assertEquals(LinkState.UNKNOWN, service.inspect("../".repeat(15)).state());
    }

    @Test
    void aLinkOfARemovedAddressIsUnknown() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("address", "gone@example.com", null));
        String token = lastToken("gone@example.com");
        service.delete(c, created.id());
        assertEquals(LinkState.UNKNOWN, service.confirm(token, null, null).state());
        assertFalse(service.isVerified(c.accountId(), "gone@example.com"));
        assertEquals(List.of("sender-identity.added", "sender-identity.removed"), types(c.accountId()));
    }

    @Test
    void aMailThatCannotBeSentFailsTheAddress() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("address", "undeliverable@example.com", null));
        assertEquals("failed", created.status());
        assertTrue(created.statusReason().contains("suppressed"), created.statusReason());
    }

    @Test
    void aDomainIsVerifiedByItsTxtRecordAndFailsWithoutIt() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("domain", "Bücher.Example", List.of("S1", "s1", "s2")));
        assertEquals("xn--bcher-kva.example", created.value());
        assertEquals("bücher.example", created.displayValue());
        assertEquals(List.of("s1", "s2"), created.dkimSelectors());
        assertEquals("pending", created.status());
        assertNull(created.dns());
        assertTrue(mails.isEmpty(), "a domain gets no mail");
        String txt = created.records().get(0).value();
        assertEquals("_neuromail.xn--bcher-kva.example", created.records().get(0).name());
        assertTrue(txt.startsWith("neuromail-verification="));
        assertEquals(5, created.records().size(), "verification, SPF, DMARC and a DKIM record per selector");

        dns.txt("_neuromail.xn--bcher-kva.example", "neuromail-verification=wrong");
        IdentityView wrong = service.check(c, created.id());
        assertEquals("failed", wrong.status());
        assertEquals("invalid", wrong.dns().verification().status());
        assertFalse(service.isVerified(c.accountId(), "news@xn--bcher-kva.example"));

        dns.txt.put("_neuromail.xn--bcher-kva.example", List.of(txt));
        dns.txt("s1._domainkey.xn--bcher-kva.example", "v=DKIM1; p=KEY");
        IdentityView ok = service.check(c, created.id());
        assertEquals("verified", ok.status());
        assertEquals("found", ok.dns().verification().status());
        assertEquals("found", ok.dns().dkim().get(0).status());
        assertEquals("missing", ok.dns().dkim().get(1).status());
        assertEquals(clock.instant(), ok.dns().checkedAt());
        assertTrue(service.isVerified(c.accountId(), "news@bücher.example"));
        assertTrue(service.isVerified(c.accountId(), "anyone@XN--BCHER-KVA.example"));
        assertFalse(service.isVerified(c.accountId(), "news@sub.xn--bcher-kva.example"));
        assertFalse(service.isVerified(caller().accountId(), "news@xn--bcher-kva.example"));

        dns.failing.add("_neuromail.xn--bcher-kva.example");
        IdentityView unanswered = service.check(c, created.id());
        assertEquals("verified", unanswered.status(), "a resolver failure changes no status");
        assertTrue(unanswered.statusReason().contains("SERVFAIL"));
        dns.failing.clear();

        assertEquals(List.of("sender-identity.added", "sender-identity.failed", "sender-identity.verified",
                "sender-identity.checked"), types(c.accountId()));
        assertEquals(409, status(() -> service.resend(c, created.id())), "a domain gets no link");
    }

    @Test
    void aVerifiedDomainWhoseRecordIsGoneFailsAfterTheGracePeriod() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("domain", "gone.example", null));
        String name = "_neuromail.gone.example";
        dns.txt.put(name, List.of(created.records().get(0).value()));
        assertEquals("verified", service.check(c, created.id()).status());

        clock.advance(Duration.ofHours(23));
        service.recheckDue(1000);
        assertEquals(clock.instant().minus(Duration.ofHours(23)), service.get(c, created.id()).dns().checkedAt(),
                "not due before a day has passed");

        clock.advance(Duration.ofHours(2));
        dns.txt.remove(name);
        assertTrue(service.recheckDue(1000) >= 1);
        IdentityView missing = service.get(c, created.id());
        assertEquals("verified", missing.status(), "a missing record is tolerated for the grace period");
        assertTrue(missing.statusReason().contains("not found in DNS"), missing.statusReason());
        assertEquals(clock.instant(), missing.dns().checkedAt());
        assertTrue(service.isVerified(c.accountId(), "news@gone.example"));

        clock.advance(Duration.ofHours(71));
        service.recheckDue(1000);
        assertEquals("verified", service.get(c, created.id()).status(), "71 hours missing: still within 72");

        clock.advance(Duration.ofHours(25));
        service.recheckDue(1000);
        IdentityView failed = service.get(c, created.id());
        assertEquals("failed", failed.status());
        assertTrue(failed.statusReason().contains("gone from DNS"), failed.statusReason());
        assertFalse(service.isVerified(c.accountId(), "news@gone.example"));

        Instant failedAt = clock.instant();
        clock.advance(Duration.ofHours(25));
        service.recheckDue(1000);
        assertEquals(failedAt, service.get(c, created.id()).dns().checkedAt(), "a failed domain is not re-checked");

        dns.txt.put(name, List.of(created.records().get(0).value()));
        assertEquals("verified", service.check(c, created.id()).status(), "the user re-checks once it is back");
        assertEquals(List.of("sender-identity.added", "sender-identity.verified", "sender-identity.checked",
                "sender-identity.failed", "sender-identity.verified"), types(c.accountId()));
    }

    @Test
    void aRecordBackWithinTheGracePeriodClearsTheWarning() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("domain", "flaky.example", null));
        String name = "_neuromail.flaky.example";
        String txt = created.records().get(0).value();
        dns.txt.put(name, List.of(txt));
        service.check(c, created.id());

        dns.txt.remove(name);
        IdentityView missing = service.check(c, created.id());
        assertEquals("verified", missing.status());
        assertTrue(missing.statusReason().contains("Publish it again"), missing.statusReason());

        dns.txt.put(name, List.of(txt));
        clock.advance(Duration.ofHours(25));
        service.recheckDue(1000);
        IdentityView back = service.get(c, created.id());
        assertEquals("verified", back.status());
        assertNull(back.statusReason());

        dns.txt.remove(name);
        clock.advance(Duration.ofHours(73));
        service.check(c, created.id());
        assertEquals("verified", service.get(c, created.id()).status(),
                "the grace period starts again when the record goes again");
    }

    @Test
    void aCheckAsksTheProvidersThatKeepIdentities() {
        Caller c = caller();
        IdentityView created = service.create(c, new NewIdentity("domain", "provider.example", null));
        List<String> asked = new CopyOnWriteArrayList<>();
        service.providers = List.of(identity -> {
            asked.add(identity);
            return new ProviderIdentityStatus("Amazon SES test", "pending", false, "not-started", "not yet");
        }, identity -> {
            throw new IllegalStateException("broken provider");
        });
        try {
            IdentityView checked = service.check(c, created.id());
            assertEquals(List.of("provider.example"), asked);
            assertEquals(2, checked.providers().size());
            assertEquals(new ProviderIdentityStatus("Amazon SES test", "pending", false, "not-started", "not yet"),
                    checked.providers().get(0));
            assertEquals("error", checked.providers().get(1).verification());
            assertEquals(checked.providers(), service.get(c, created.id()).providers(), "kept with the check");
        } finally {
            service.providers = List.of();
        }
    }

    @Test
    void preVerifiedDomainsNeedNoIdentity() {
        String account = caller().accountId();
        assertTrue(service.isVerified(account, "anyone@pre.example"));
        assertTrue(service.isVerified(account, "Anyone@PRE.example"));
        assertFalse(service.isVerified(account, "anyone@shop.example"));
        assertTrue(service.isVerified("acc-pre", "orders@shop.example"));
        assertFalse(service.isVerified(account, "not an address"));
        assertFalse(service.isVerified(account, null));
        assertEquals(List.of("pre.example"), service.list(new Caller(account, null, null, Caller.AuthMethod.API_KEY, "k"))
                .preVerifiedDomains());
    }

    @Test
    void invalidInputIsRefusedFieldByField() {
        Caller c = caller();
        ApiException e = assertThrows(ApiException.class, () -> service.create(c, new NewIdentity("mailbox", "x", null)));
        assertEquals(422, e.status());
        assertEquals("type", e.fieldErrors().get(0).field());
        e = assertThrows(ApiException.class, () -> service.create(c, new NewIdentity("address", "no-at", null)));
        assertEquals("value", e.fieldErrors().get(0).field());
        e = assertThrows(ApiException.class, () -> service.create(c, new NewIdentity("address", "a@example.com",
                List.of("s1"))));
        assertEquals("dkimSelectors", e.fieldErrors().get(0).field());
        e = assertThrows(ApiException.class, () -> service.create(c, new NewIdentity("domain", "example.com",
                List.of("a", "b", "c", "d", "e", "f"))));
        assertEquals("dkimSelectors", e.fieldErrors().get(0).field());
        e = assertThrows(ApiException.class, () -> service.create(c, new NewIdentity("domain", "example.com",
                List.of("bad selector"))));
        assertEquals("dkimSelectors", e.fieldErrors().get(0).field());
        e = assertThrows(ApiException.class, () -> service.create(c, new NewIdentity(null, null, null)));
        assertEquals(422, e.status());
        assertEquals(400, status(() -> service.create(c, null)));
        assertTrue(service.list(c).items().isEmpty());
    }

    @Test
    void aDuplicateIsAConflictAndTheNumberIsLimited() {
        Caller c = caller();
        service.create(c, new NewIdentity("domain", "dup.example", null));
        assertEquals(409, status(() -> service.create(c, new NewIdentity("domain", "DUP.example.", null))));
        service.create(caller(), new NewIdentity("domain", "dup.example", null));
        service.create(c, new NewIdentity("address", "a@dup.example", null));
        for (int i = 0; i < 3; i++) {
            service.create(c, new NewIdentity("domain", "d" + i + ".example", null));
        }
        ApiException full = assertThrows(ApiException.class, () -> service.create(c,
                new NewIdentity("domain", "one-too-many.example", null)));
        assertEquals(422, full.status());
        assertEquals(5, service.list(c).items().size());
    }

    @Test
    void anotherAccountsIdentityIsNotFound() {
        Caller alice = caller();
        Caller bob = caller();
        IdentityView domain = service.create(alice, new NewIdentity("domain", "alice.example", null));
        IdentityView address = service.create(alice, new NewIdentity("address", "me@alice.example", null));
        for (String id : List.of(domain.id(), address.id(), UUID.randomUUID().toString(), "x".repeat(100))) {
            assertEquals(404, status(() -> service.get(bob, id)));
            assertEquals(404, status(() -> service.check(bob, id)));
            assertEquals(404, status(() -> service.resend(bob, id)));
            assertEquals(404, status(() -> service.delete(bob, id)));
        }
        assertTrue(service.list(bob).items().isEmpty());
        assertEquals(2, service.list(alice).items().size());
        assertEquals(409, status(() -> service.check(alice, address.id())), "an address is not checked in DNS");
    }

    @Test
    void theMailSaysWhatTheLinkIsFor() {
        String text = IdentityService.verificationText("a@example.com", "https://x/verify-sender/t", Duration.ofHours(24));
        assertTrue(text.contains("a@example.com"));
        assertTrue(text.contains("https://x/verify-sender/t"));
        assertTrue(text.contains("24 hours"));
        assertTrue(IdentityService.verificationText("a@example.com", "l", Duration.ofSeconds(90)).contains("1 minute."));
        assertTrue(IdentityService.verificationText("a@example.com", "l", Duration.ofHours(1)).contains("1 hour."));
    }

    @Test
    void tokensAreStoredHashed() {
        assertEquals(64, IdentityService.hash("x").length());
        assertNotEquals("x", IdentityService.hash("x"));
        assertNotNull(IdentityService.TOKEN);
    }

    private List<String> types(String accountId) {
        return activity.stream().filter(e -> e.accountId().equals(accountId)).map(ActivityEvent::type)
                .collect(Collectors.toList());
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
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

        @Override
        public long millis() {
            return now.toEpochMilli();
        }
    }
}
