package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.contacts.api.RecipientQuery;
import io.neuromail.contacts.internal.AddressBook;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.MarketingSends;
import io.neuromail.delivery.api.TrackingLinks;
import io.neuromail.delivery.api.MarketingSends.Request;
import io.neuromail.delivery.api.MessageTemplates.Content;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.SenderProperties;
import io.neuromail.filter.api.ContentCheck;
import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Verdict;
import io.neuromail.senderidentity.api.SenderIdentities;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Marketing sends in Liquid on a real database shared with the real address book: the delivery
 * service with its workers, the gate, the ledger, and a sender that keeps what it gets. Run on H2 and
 * on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MarketingSendsContract {

    private static final String FROM = "news@example.com";

    abstract DataSource dataSource() throws Exception;

    /** Releases what {@link #dataSource()} made, after the last test. */
    void release() throws Exception {
    }

    private Jdbc jdbc;
    private AddressBook book;
    private DeliveryService delivery;
    private MarketingSends sends;
    /** What the content filters were last shown. */
    private volatile Email checked;

    @BeforeAll
    void start() throws Exception {
        PersistenceService persistence = new PersistenceService(dataSource());
        jdbc = persistence.jdbc();
        book = new AddressBook(persistence);
        delivery = new DeliveryService(persistence, () -> "https://mail.example.com", new LiquidTemplates(), config());
        SenderAccess access = new SenderAccess();
        access.configure(new SenderAccess.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return SenderAccess.Config.class;
            }

            @Override
            public String[] allowed() {
                return new String[] {"*"};
            }
        });
        // What Declarative Services would inject.
        inject("activityLog", (io.neuromail.api.activity.ActivityLog) event -> { });
        inject("access", access);
        inject("suppressions", book.suppressions());
        inject("recipients", book.recipients());
        inject("identities", (SenderIdentities) (accountId, address) -> FROM.equals(address));
        inject("contentCheck", new ContentCheck() {
            @Override
            public Verdict check(String accountId, Email email) {
                checked = email;
                return check(email);
            }

            @Override
            public Verdict check(Email email) {
                return new Verdict(email.subject().contains("BLOCKME") ? Decision.BLOCK : Decision.PASS, 0, 5, 10,
                        List.of(), List.of(), new io.neuromail.filter.api.Message(email, "", "", List.of(), List.of(), 0));
            }

            @Override
            public List<ContentCheck.FilterInfo> filters() {
                return List.of();
            }
        });
        sends = new MarketingSendsService(delivery);
    }

    @AfterAll
    void stop() throws Exception {
        delivery.deactivate();
        release();
    }

    private void inject(String field, Object value) throws ReflectiveOperationException {
        Field f = DeliveryService.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(delivery, value);
    }

    private static DeliveryConfig config() {
        Map<String, Object> values = Map.of("senderWaitSeconds", 1, "idlePollMillis", 50, "leaseSeconds", 5, "nodeId",
                "test-" + UUID.randomUUID().toString().substring(0, 8), "unsubscribe_secret", "0123456789abcdef0123456789abcdef",
                "defaultSender", "none-" + UUID.randomUUID());
        return (DeliveryConfig) Proxy.newProxyInstance(DeliveryConfig.class.getClassLoader(),
                new Class<?>[] {DeliveryConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return DeliveryConfig.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private static Caller caller(String accountId) {
        return new Caller(accountId, "user-1", "owner@example.com", Caller.AuthMethod.SESSION, null);
    }

    private static Request campaign(String sender, Content content, RecipientQuery audience) {
        return new Request(false, "campaign:1", sender, FROM, "News", null, content,
                Map.of("account_name", "Acme"), false, audience, null);
    }

    private static final Content GREETING = new Content("Hi {{ first_name | default: 'there' }}", "News of {{ account_name }}",
            "<p>Hello {{ first_name | default: 'there' }}</p>", "Hello {{ first_name | default: 'there' }}");
    /** Names the attribute {@code city}, which an account has once one of its contacts has it. */
    private static final Content WITH_CITY = new Content(GREETING.subject(), GREETING.preheader(),
            "<p>Hello {{ first_name | default: 'there' }} from {{ city | default: 'nowhere' }}</p>", GREETING.text());

    /** A sender that keeps every message it is given. */
    static final class Capturing implements EmailSender {
        final List<OutgoingMessage> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public SendResult send(OutgoingMessage message) {
            messages.add(message);
            return SendResult.accepted("id-" + message.deliveryId());
        }

        @Override
        public SenderLimits limits() {
            return new SenderLimits(1000, 10_000_000);
        }

        /** The parsed messages by recipient. */
        Map<String, MimeMessage> byRecipient() throws Exception {
            Map<String, MimeMessage> out = new HashMap<>();
            for (OutgoingMessage m : List.copyOf(messages)) {
                out.put(m.recipient(), new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(m.mime())));
            }
            return out;
        }
    }

    private String register(Capturing sender) {
        String name = "capture-" + UUID.randomUUID().toString().substring(0, 8);
        delivery.addSender(sender, Map.of(SenderProperties.NAME, name));
        return name;
    }

    private static <T> T await(String what, Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        T v = value.get();
        while (!done.test(v)) {
            assertTrue(System.currentTimeMillis() < deadline, what + " within 30 s; last seen: " + v);
            Thread.sleep(25);
            v = value.get();
        }
        return v;
    }

    private List<String[]> rows(String sendId) {
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT recipient, contact_id, state, last_error, id "
                    + "FROM nm_delivery WHERE send_id = ? ORDER BY id")) {
                ps.setString(1, sendId);
                List<String[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)});
                    }
                }
                return out;
            }
        });
    }

    private long sendsOf(String accountId) {
        return jdbc.system(c -> Jdbc.count(c, "SELECT COUNT(*) FROM nm_delivery_send WHERE account_id = ?", accountId));
    }

    @Test
    void theSnapshotIsOneRowPerSubscribedUnsuppressedAddressWithExcludesHonoured() {
        String account = UUID.randomUUID().toString();
        String ann = book.contact(account, "ann@example.org", "Ann", Map.of());
        String ben = book.contact(account, "ben@example.org", "Ben", Map.of());
        String cid = book.contact(account, "cid@example.org", "Cid", Map.of());
        String dan = book.contact(account, "dan@example.org", "Dan", Map.of());
        String eve = book.contact(account, "eve@example.org", "Eve", Map.of());
        String all = book.list(account, "All", List.of(ann, ben, cid, dan, eve));
        String also = book.list(account, "Also", List.of(ann, ben));
        String vips = book.list(account, "Excluded", List.of(dan));
        book.suppress(account, "cid@example.org");
        book.unsubscribe(account, "eve@example.org");
        String other = UUID.randomUUID().toString();
        book.list(other, "All", List.of(book.contact(other, "zed@example.org", "Zed", Map.of())));

        MarketingSends.Started started = sends.start(caller(account), campaign(null, GREETING,
                new RecipientQuery(List.of(all, also), List.of(), List.of(vips), List.of())));

        assertEquals(2, started.recipients());
        assertEquals("PASS", started.verdict());
        List<String[]> rows = rows(started.sendId());
        assertEquals(List.of("ann@example.org", "ben@example.org"), rows.stream().map(r -> r[0]).toList(),
                "each address once, in address order by id");
        assertEquals(List.of(ann, ben), rows.stream().map(r -> r[1]).toList());
        assertEquals(2, rows.stream().map(r -> r[4]).distinct().count());
        rows.forEach(r -> assertEquals(36, r[4].length(), r[4]));
        MarketingSends.Progress progress = sends.progress(account, started.sendId()).orElseThrow();
        assertEquals(2, progress.total());
        assertTrue(sends.progress(other, started.sendId()).isEmpty(), "another account does not see it");
    }

    @Test
    void aSecondStartOfTheSameSourceAnswersTheFirstSendAndCopiesNothingAgain() {
        String account = UUID.randomUUID().toString();
        String all = book.list(account, "All", List.of(book.contact(account, "ann@example.org", "Ann", Map.of()),
                book.contact(account, "ben@example.org", "Ben", Map.of())));
        RecipientQuery audience = new RecipientQuery(List.of(all), List.of());
        MarketingSends.Started first = sends.start(caller(account), campaign(null, GREETING, audience));
        // A node that took over an unfinished start asks again with the same source.
        MarketingSends.Started again = sends.start(caller(account), campaign(null, GREETING, audience));
        assertEquals(first.sendId(), again.sendId());
        assertEquals(2, again.recipients());
        assertEquals(2, rows(first.sendId()).size());
        // Tests are not keyed: each is a send of its own.
        Request test = new Request(true, "campaign:1", null, FROM, "News", null, GREETING, Map.of(), false, null,
                List.of(new MarketingSends.TestRecipient("qa@example.org", null)));
        assertNotEquals(sends.start(caller(account), test).sendId(), sends.start(caller(account), test).sendId());
    }

    @Test
    void anEmptyAudienceIsRefusedOnAudienceAndCreatesNothing() {
        String account = UUID.randomUUID().toString();
        String gone = book.contact(account, "gone@example.org", null, Map.of());
        String list = book.list(account, "Only suppressed", List.of(gone));
        book.suppress(account, "gone@example.org");

        ApiException e = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null, GREETING,
                new RecipientQuery(List.of(list), List.of()))));
        assertEquals(422, e.status());
        assertEquals("audience", e.fieldErrors().get(0).field());
        ApiException unknown = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null,
                GREETING, new RecipientQuery(List.of(UUID.randomUUID().toString()), List.of()))));
        assertEquals("audience", unknown.fieldErrors().get(0).field());
        ApiException tooLarge = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null,
                GREETING, new RecipientQuery(Collections.nCopies(101, list), List.of()))));
        assertEquals("audience", tooLarge.fieldErrors().get(0).field());
        assertEquals(0, sendsOf(account));
    }

    @Test
    void aCampaignPastTheMonthsEmailsIsRefusedWholeAndCreatesNothing() {
        String account = UUID.randomUUID().toString();
        io.neuromail.api.billing.AccountLimits twoPerMonth = (a, limit) -> account.equals(a)
                && limit == io.neuromail.api.billing.Limit.EMAILS_PER_MONTH ? java.util.OptionalLong.of(2)
                : java.util.OptionalLong.empty();
        delivery.bindLimits(twoPerMonth);
        try {
            String three = book.list(account, "Three", List.of(book.contact(account, "a@example.org", "A", Map.of()),
                    book.contact(account, "b@example.org", "B", Map.of()), book.contact(account, "c@example.org", "C", Map.of())));
            ApiException refused = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null,
                    GREETING, new RecipientQuery(List.of(three), List.of()))));
            assertEquals(402, refused.status());
            assertEquals(0, sendsOf(account), "nothing of the send was made");
            assertEquals(0, delivery.emailsThisMonth(account));
            String two = book.list(account, "Two", List.of(book.contact(account, "d@example.org", "D", Map.of()),
                    book.contact(account, "e@example.org", "E", Map.of())));
            assertEquals(2, sends.start(caller(account), campaign(null, GREETING,
                    new RecipientQuery(List.of(two), List.of()))).recipients());
            assertEquals(2, delivery.emailsThisMonth(account));
        } finally {
            delivery.unbindLimits(twoPerMonth);
        }
    }

    @Test
    void aSendTheGateRefusesCreatesNothing() {
        String account = UUID.randomUUID().toString();
        String list = book.list(account, "All", List.of(book.contact(account, "a@example.org", "A", Map.of())));
        RecipientQuery audience = new RecipientQuery(List.of(list), List.of());

        ApiException unverified = assertThrows(ApiException.class, () -> sends.start(caller(account),
                new Request(false, null, null, "stranger@example.com", null, null, GREETING, Map.of(), false, audience, null)));
        assertEquals("from", unverified.fieldErrors().get(0).field());
        Caller unconfirmed = new Caller(account, "u", "o@example.com", Caller.AuthMethod.SESSION, null,
                Set.of(), false);
        assertEquals(403, assertThrows(ApiException.class, () -> sends.start(unconfirmed,
                campaign(null, GREETING, audience))).status());
        ApiException blocked = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null,
                new Content("BLOCKME {{ first_name }}", null, null, "x"), audience)));
        assertEquals(422, blocked.status());
        ApiException unknownName = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null,
                new Content("Hi", null, "<p>{{ frist_name }}</p>", null), audience)));
        assertEquals("html", unknownName.fieldErrors().get(0).field());
        assertTrue(unknownName.fieldErrors().get(0).message().startsWith("line 1, column 7: "),
                unknownName.fieldErrors().get(0).message());
        ApiException include = assertThrows(ApiException.class, () -> sends.start(caller(account), campaign(null,
                new Content("Hi", null, "{% include '/etc/passwd' %}", null), audience)));
        assertEquals("html", include.fieldErrors().get(0).field());
        assertEquals(0, sendsOf(account));
    }

    @Test
    void valuesAreReadWhenTheMessageIsRenderedAndContactsGoneSinceAreSkipped() throws Exception {
        String account = UUID.randomUUID().toString();
        String ann = book.contact(account, "ann@example.org", "Ann", Map.of("city", "Berlin"));
        String ben = book.contact(account, "ben@example.org", "Ben", Map.of());
        String cid = book.contact(account, "cid@example.org", "Cid", Map.of());
        String dan = book.contact(account, "dan@example.org", "<Dan>", Map.of());
        String list = book.list(account, "All", List.of(ann, ben, cid, dan));
        Capturing sender = new Capturing();
        // The chosen sender is not registered yet: the rows wait in the queue.
        String name = "capture-" + UUID.randomUUID().toString().substring(0, 8);

        MarketingSends.Started started = sends.start(caller(account), campaign(name, WITH_CITY,
                new RecipientQuery(List.of(list), List.of())));
        assertEquals(4, started.recipients());
        // Once a claim has checked the rows and put them back to wait for the sender, the send is paused:
        // no claim is under way, none starts, so the changes below all fall between the last check and
        // the hand-off after the resume.
        await("the rows wait for their sender", () -> rows(started.sendId()),
                rows -> rows.stream().allMatch(r -> r[3] != null && r[3].startsWith("waiting for sender")));
        sends.act(caller(account), started.sendId(), "pause");
        jdbc.update("UPDATE nm_contact SET first_name = 'Annabel' WHERE account_id = ? AND id = ?", account, ann);
        book.suppress(account, "ben@example.org");
        book.delete(account, cid);
        delivery.addSender(sender, Map.of(SenderProperties.NAME, name));
        sends.act(caller(account), started.sendId(), "resume");

        MarketingSends.Progress done = await("the send finishes", () -> sends.progress(account, started.sendId())
                .orElseThrow(), p -> "finished".equals(p.state()));
        assertEquals(2, done.sent(), done.toString());
        assertEquals(2, done.suppressed(), done.toString());
        Map<String, MimeMessage> got = sender.byRecipient();
        assertEquals(Set.of("ann@example.org", "dan@example.org"), got.keySet());
        MimeMessage annMail = got.get("ann@example.org");
        assertEquals("Hi Annabel", annMail.getSubject(), "the first name as it is when the message is made");
        assertTrue(annMail.getHeader("List-Unsubscribe")[0].startsWith("<https://mail.example.com/"),
                annMail.getHeader("List-Unsubscribe")[0]);
        String danBody = text(got.get("dan@example.org"));
        assertTrue(danBody.contains("Hello &lt;Dan&gt; from nowhere"), danBody);
        assertTrue(danBody.contains("News of Acme</div>"), "the preheader is the hidden preview text: " + danBody);
        assertTrue(text(annMail).contains("Hello Annabel from Berlin"), text(annMail));
        Map<String, String> reasons = new HashMap<>();
        rows(started.sendId()).forEach(r -> reasons.put(r[0], r[3]));
        assertEquals(DeliveryEngine.SUPPRESSED_AT_HAND_OFF, reasons.get("ben@example.org"));
        assertEquals(DeliveryEngine.CONTACT_DELETED, reasons.get("cid@example.org"));
    }

    @Test
    void aTrackedSendSignsEachMessagesLinksAndPixelAndTheirTokensResolveToTheStoredTargets() throws Exception {
        String account = UUID.randomUUID().toString();
        String ann = book.contact(account, "ann@example.org", "Ann", Map.of());
        String ben = book.contact(account, "ben@example.org", "Ben", Map.of());
        String list = book.list(account, "All", List.of(ann, ben));
        Capturing sender = new Capturing();
        String name = register(sender);
        Content content = new Content("Hi", null, "<html><body><p>Hi {{ first_name }}</p>"
                + "<a href=\"https://shop.example/?a=1&amp;b=2\">Shop</a> <a href=\"mailto:help@example.org\">Help</a>"
                + "<a href=\"https://blog.example/{{ first_name }}\">Blog</a><a data-notrack href=\"https://p.example/\">P</a>"
                + "</body></html>", "Hi");
        MarketingSends.Started started = sends.start(caller(account), new Request(false, "campaign:t", name, FROM, null,
                null, content, Map.of(), false, new RecipientQuery(List.of(list), List.of()), null, true));
        await("the send finishes", () -> sends.progress(account, started.sendId()).orElseThrow(),
                p -> "finished".equals(p.state()));
        TrackingLinksService links = new TrackingLinksService();
        Field f = TrackingLinksService.class.getDeclaredField("delivery");
        f.setAccessible(true);
        f.set(links, delivery);
        Map<String, String> rowOf = new HashMap<>();
        rows(started.sendId()).forEach(r -> rowOf.put(r[0], r[4]));
        Map<String, MimeMessage> got = sender.byRecipient();
        Set<String> clickTokens = new java.util.HashSet<>();
        for (String to : List.of("ann@example.org", "ben@example.org")) {
            String html = text(got.get(to));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("https://mail\\.example\\.com/t/([co])/([A-Za-z0-9_-]{68})")
                    .matcher(html);
            List<TrackingLinks.Hit> hits = new ArrayList<>();
            while (m.find()) {
                hits.add(links.resolve(m.group(2)).orElseThrow(() -> new AssertionError("unresolved " + m.group())));
                if (m.group(1).equals("c")) {
                    clickTokens.add(m.group(2));
                }
            }
            assertEquals(3, hits.size(), "the shop link, the hidden link and the pixel: " + html);
            for (TrackingLinks.Hit hit : hits) {
                assertEquals(account, hit.accountId());
                assertEquals(started.sendId(), hit.sendId());
                assertEquals(rowOf.get(to), hit.deliveryId(), "each message's tokens name its own row");
                assertEquals(1, hit.links());
            }
            assertEquals("https://shop.example/?a=1&b=2", hits.get(0).target());
            assertEquals(TrackingLinks.HONEYPOT, hits.get(1).link());
            assertTrue(hits.get(2).open());
            assertTrue(html.contains("href=\"mailto:help@example.org\""), "mailto links stay: " + html);
            assertTrue(html.contains("https://blog.example/" + (to.startsWith("ann") ? "Ann" : "Ben")),
                    "links made with merge tags stay: " + html);
            assertTrue(html.contains("href=\"https://p.example/\""), "data-notrack links stay");
            assertTrue(!html.contains("shop.example"), "the shop address is not in the message");
        }
        assertEquals(4, clickTokens.size(), "no two messages share a token");
        Map<String, TrackingLinks.Message> messages = links.messages(rowOf.values());
        assertEquals(2, messages.size());
        TrackingLinks.Message annMessage = messages.get(rowOf.get("ann@example.org"));
        assertEquals(ann, annMessage.contactId());
        assertEquals("ann@example.org", annMessage.recipient());
        assertTrue(annMessage.sentAt() != null && annMessage.sentAt() > 0);
        String stored = jdbc.system(c -> Jdbc.one(c, "SELECT links_json FROM nm_delivery_send WHERE id = ?", rs -> rs.getString(1),
                started.sendId()).orElseThrow());
        assertEquals("[\"https://shop.example/?a=1&b=2\"]", stored, "the targets are stored with the send");
    }

    @Test
    void theFiltersSeeTheMessageWithItsOneUnsubscribeFooter() {
        String account = UUID.randomUUID().toString();
        String list = book.list(account, "All", List.of(book.contact(account, "ann@example.org", "Ann", Map.of())));
        sends.start(caller(account), campaign(null, GREETING, new RecipientQuery(List.of(list), List.of())));
        Email seen = checked;
        assertEquals(1, seen.html().split("To stop receiving these emails", -1).length - 1, seen.html());
        assertEquals(1, seen.text().split("To stop receiving these emails", -1).length - 1, seen.text());
        assertTrue(seen.html().contains("https://mail.example.com/unsubscribe/"), seen.html());
    }

    @Test
    void aTestSendGoesOnlyToItsAddressesWithTheValuesOfTheContactItNames() throws Exception {
        String account = UUID.randomUUID().toString();
        String ann = book.contact(account, "ann@example.org", "Ann", Map.of("city", "Rome"));
        book.list(account, "All", List.of(ann, book.contact(account, "ben@example.org", "Ben", Map.of())));
        Capturing sender = new Capturing();
        String name = register(sender);

        MarketingSends.Started started = sends.start(caller(account), new Request(true, "campaign:2", name, FROM, null,
                null, WITH_CITY, Map.of("account_name", "Acme"), false, null, List.of(
                        new MarketingSends.TestRecipient("Me@Example.net", ann),
                        new MarketingSends.TestRecipient("colleague@example.net", null))));
        assertEquals(2, started.recipients());
        await("the test send finishes", () -> sends.progress(account, started.sendId()).orElseThrow(),
                p -> "finished".equals(p.state()));
        Map<String, MimeMessage> got = sender.byRecipient();
        assertEquals(Set.of("Me@example.net", "colleague@example.net"), got.keySet());
        assertEquals("Hi Ann", got.get("Me@example.net").getSubject());
        assertEquals("Hi there", got.get("colleague@example.net").getSubject());
        assertTrue(text(got.get("Me@example.net")).contains("from Rome"));
        String kind = jdbc.system(c -> Jdbc.one(c, "SELECT kind FROM nm_delivery_send WHERE id = ?", rs -> rs.getString(1),
                started.sendId()).orElseThrow());
        assertEquals(SendKind.TEST, kind);
        ApiException tooMany = assertThrows(ApiException.class, () -> sends.start(caller(account), new Request(true, null,
                null, FROM, null, null, GREETING, Map.of(), false, null, Collections.nCopies(11,
                        new MarketingSends.TestRecipient("x@example.net", null)))));
        assertEquals("testRecipients", tooMany.fieldErrors().get(0).field());
    }

    @Test
    void actionsUseTheLedgersStateMachine() {
        String account = UUID.randomUUID().toString();
        String list = book.list(account, "All", List.of(book.contact(account, "a@example.org", "A", Map.of())));
        // No sender of this name is registered: the row stays queued.
        MarketingSends.Started started = sends.start(caller(account), campaign("absent-" + UUID.randomUUID(), GREETING,
                new RecipientQuery(List.of(list), List.of())));
        assertEquals("paused", sends.act(caller(account), started.sendId(), "pause").state());
        assertEquals(409, assertThrows(ApiException.class, () -> sends.act(caller(account), started.sendId(), "pause"))
                .status());
        MarketingSends.Progress cancelled = sends.act(caller(account), started.sendId(), "cancel");
        assertEquals("cancelled", cancelled.state());
        assertEquals(0, cancelled.queued());
        assertEquals(404, assertThrows(ApiException.class, () -> sends.act(caller(UUID.randomUUID().toString()),
                started.sendId(), "cancel")).status());
    }

    /** The decoded text of every part of a message, joined. */
    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                out.append(multipart.getBodyPart(i).getContent()).append('\n');
            }
            return out.toString();
        }
        return String.valueOf(content);
    }
}
