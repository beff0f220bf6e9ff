package io.neuromail.itests.senderidentity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.apache.karaf.features.FeaturesService;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.senders.SenderInstall;
import io.neuromail.itests.senders.SesEndpointFixture;
import io.neuromail.senderidentity.api.SenderIdentities;

/**
 * Sender identities as a user and delivery meet them: an address confirmed through the link mailed to
 * it (the link's page changes nothing until its button is pressed, and works once), a domain
 * verified through a TXT record served by a DNS responder on loopback, operator pre-verified domains,
 * and the API's validation and errors.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SenderIdentitiesIT extends NeuroMailTestSupport {

    private static final String PID = "io.neuromail.senderidentities";
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("(https?://[^/\\s]+)(/verify-sender/[A-Za-z0-9_-]{43})");

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private FeaturesService features;

    private boolean isVerified(String accountId, String address) {
        ServiceReference<SenderIdentities> ref = bundleContext.getServiceReference(SenderIdentities.class);
        if (ref == null) {
            throw new AssertionError("no SenderIdentities service");
        }
        try {
            return bundleContext.getService(ref).isVerified(accountId, address);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private static String accountId(Api api) {
        return api.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
    }

    private static String uniqueDomain(String zone) {
        return "d" + UUID.randomUUID().toString().substring(0, 12) + "." + zone;
    }

    /** The path of the verification link in the newest mail to {@code address} in the account's outbox. */
    private static String linkMailedTo(Api api, String address, String notThis) {
        return Poll.until("a verification mail to " + address + " in the outbox", MAIL_TIMEOUT, () -> {
            for (JsonNode item : api.get("/api/v1/outbox?size=200").expect(200).json().get("items")) {
                if (!address.equals(item.get("to").asText())) {
                    continue;
                }
                String text = api.get("/api/v1/outbox/" + item.get("id").asText()).expect(200).json().get("text").asText();
                Matcher m = LINK.matcher(text);
                if (m.find() && !m.group(2).equals(notThis)) {
                    return m.group(2);
                }
            }
            return null;
        }, link -> link != null);
    }

    /** The .eml files the outbox sender wrote for the account to {@code address}. */
    private static List<Path> emlFilesTo(String accountId, String address) throws IOException {
        Path folder = Path.of("data", "neuromail", "outbox", accountId);
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.eml")) {
            for (Path file : files) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isEmpty()) {
                        break;
                    }
                    if (line.regionMatches(true, 0, "To:", 0, 3) && line.substring(3).trim().equalsIgnoreCase(address)) {
                        found.add(file);
                    }
                }
            }
        }
        return found;
    }

    private static Response page(String method, String path) {
        return Api.anonymous().send(method, path, method.equals("POST") ? "" : null,
                Map.of("Accept", "text/html", "Content-Type", "application/x-www-form-urlencoded"));
    }

    private static Map<String, Object> message(String from, String to) {
        return Map.of("from", from, "to", to, "subject", "Hello", "text", "Hello from a sender identity.");
    }

    /** Runs {@code work} with the sender identities configuration changed, and restores it after. */
    private void withConfiguration(Map<String, String> changes, Runnable work) throws IOException {
        Configuration config = configurationAdmin.getConfiguration(PID, null);
        Dictionary<String, Object> before = config.getProperties();
        Dictionary<String, Object> changed = new Hashtable<>();
        if (before != null) {
            for (Enumeration<String> keys = before.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                changed.put(key, before.get(key));
            }
        }
        changes.forEach(changed::put);
        config.update(changed);
        try {
            // The component publishes its configuration as service properties once it has taken it.
            Poll.until("the sender identities configuration is taken", CONFIG_TIMEOUT, () -> {
                ServiceReference<SenderIdentities> ref = bundleContext.getServiceReference(SenderIdentities.class);
                return ref != null && changes.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(String.valueOf(ref.getProperty(e.getKey()))));
            });
            work.run();
        } finally {
            restore(config, before, changes.keySet());
        }
    }

    /**
     * Puts the configuration back and waits until the component has taken it. The file in etc/ is
     * written back by Karaf's file watcher on every change; a change it reads back mid-write can undo
     * the restore, so the restore is repeated until the service shows the values it had before.
     */
    private void restore(Configuration config, Dictionary<String, Object> before, java.util.Set<String> keys)
            throws IOException {
        Dictionary<String, Object> restored = before == null ? new Hashtable<>() : before;
        config.update(restored);
        long[] lastUpdate = {System.nanoTime()};
        Poll.until("the sender identities configuration is restored", CONFIG_TIMEOUT, () -> {
            ServiceReference<SenderIdentities> ref = bundleContext.getServiceReference(SenderIdentities.class);
            boolean taken = ref != null && keys.stream().allMatch(k -> String.valueOf(restored.get(k))
                    .equals(String.valueOf(ref.getProperty(k))));
            if (!taken && System.nanoTime() - lastUpdate[0] > java.util.concurrent.TimeUnit.SECONDS.toNanos(5)) {
                try {
                    config.update(restored);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                lastUpdate[0] = System.nanoTime();
            }
            return taken;
        });
    }

    @Test
    public void anAddressIsVerifiedByPostingItsMailedLinkOnce() throws IOException {
        Api alice = Api.signedUp();
        String account = accountId(alice);
        String address = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@sender.test";
        JsonNode created = alice.post("/api/v1/sender-identities", Map.of("type", "address", "value",
                address.toUpperCase())).expect(201).json();
        String id = created.get("id").asText();
        assertEquals(address, created.get("value").asText());
        assertEquals("pending", created.get("status").asText());
        assertFalse(isVerified(account, address));
        alice.post("/api/v1/messages", message(address, "someone@example.org")).expect(422);

        String link = linkMailedTo(alice, address, null);
        assertEquals("the mail is an .eml file in the account's outbox folder", 1, emlFilesTo(account, address).size());

        // Opening the link (as a mail scanner would) shows the page and changes nothing.
        for (int i = 0; i < 2; i++) {
            Response shown = page("GET", link).expect(200);
            assertTrue(shown.body(), shown.body().contains(address));
            assertTrue(shown.body(), shown.body().contains("method=\"post\""));
            assertTrue(shown.header("Content-Type").orElse(""), shown.header("Content-Type").orElse("").startsWith("text/html"));
            String csp = shown.header("Content-Security-Policy").orElse("");
            assertTrue(csp, csp.contains("script-src 'self'") && csp.contains("form-action 'self'"));
            assertFalse(shown.body(), shown.body().contains("<script"));
            assertFalse(shown.body(), shown.body().contains("style="));
        }
        assertEquals("pending", alice.get("/api/v1/sender-identities/" + id).expect(200).json().get("status").asText());
        assertFalse(isVerified(account, address));

        Response confirmed = page("POST", link).expect(200);
        assertTrue(confirmed.body(), confirmed.body().contains("data-state=\"confirmed\""));
        JsonNode verified = alice.get("/api/v1/sender-identities/" + id).expect(200).json();
        assertEquals("verified", verified.get("status").asText());
        assertTrue(isVerified(account, address));
        assertTrue(isVerified(account, address.toUpperCase()));
        assertFalse("an address does not verify its domain", isVerified(account, "other@sender.test"));
        assertFalse("nor another account", isVerified(accountId(Api.signedUp()), address));
        alice.post("/api/v1/messages", message(address, "someone@example.org")).expect(202);

        // A link works once.
        Response used = page("POST", link).expect(410);
        assertTrue(used.body(), used.body().contains("data-state=\"used\""));
        page("GET", link).expect(410);
        alice.post("/api/v1/sender-identities/" + id + "/resend", null).expect(409);

        String activity = alice.get("/api/v1/activity?size=50").expect(200).body();
        assertTrue(activity, activity.contains("sender-identity.added"));
        assertTrue(activity, activity.contains("sender-identity.verified"));

        alice.delete("/api/v1/sender-identities/" + id).expect(204);
        alice.get("/api/v1/sender-identities/" + id).expect(404);
        assertFalse(isVerified(account, address));
        assertTrue(alice.get("/api/v1/activity?size=50").expect(200).body().contains("sender-identity.removed"));
        alice.post("/api/v1/messages", message(address, "someone@example.org")).expect(422);
    }

    @Test
    public void anExpiredOrReplacedOrUnknownLinkIsRefusedWithWhatToDo() throws IOException {
        withConfiguration(Map.of("verification.ttlSeconds", "3"), () -> {
            Api alice = Api.signedUp();
            String address = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@sender.test";
            String id = alice.post("/api/v1/sender-identities", Map.of("type", "address", "value", address))
                    .expect(201).json().get("id").asText();
            String link = linkMailedTo(alice, address, null);
            Response expired = Poll.until("the link expires", Duration.ofSeconds(30), () -> page("GET", link),
                    r -> r.status() == 410);
            assertTrue(expired.body(), expired.body().contains("data-state=\"expired\""));
            assertTrue(expired.body(), expired.body().contains("Resend verification"));
            page("POST", link).expect(410);
            JsonNode identity = alice.get("/api/v1/sender-identities/" + id).expect(200).json();
            assertEquals("failed", identity.get("status").asText());
            assertTrue(identity.toString(), identity.get("statusReason").asText().contains("expired"));
        });
        Api bob = Api.signedUp();
        String address = "again-" + UUID.randomUUID().toString().substring(0, 8) + "@sender.test";
        String id = bob.post("/api/v1/sender-identities", Map.of("type", "address", "value", address))
                .expect(201).json().get("id").asText();
        String first = linkMailedTo(bob, address, null);
        Response tooSoon = bob.post("/api/v1/sender-identities/" + id + "/resend", null).expect(429);
        assertTrue(tooSoon.header("Retry-After").isPresent());
        // The shipped resend interval is a minute; a fresh identity of the same address starts over.
        bob.delete("/api/v1/sender-identities/" + id).expect(204);
        Response gone = page("GET", first).expect(404);
        assertTrue(gone.body(), gone.body().contains("data-state=\"unknown\""));
        page("GET", "/verify-sender/" + "A".repeat(43)).expect(404);
        page("GET", "/verify-sender/not-a-token").expect(404);

        String second = bob.post("/api/v1/sender-identities", Map.of("type", "address", "value", address))
                .expect(201).json().get("id").asText();
        String link = linkMailedTo(bob, address, first);
        assertNotEquals(first, link);
        page("POST", link).expect(200);
        assertEquals("verified", bob.get("/api/v1/sender-identities/" + second).expect(200).json().get("status").asText());
    }

    @Test
    public void aDomainIsVerifiedByItsTxtRecordInDns() throws Exception {
        try (LocalDnsServer dns = new LocalDnsServer()) {
            withConfiguration(Map.of("dns.server", dns.address()), () -> {
                try {
                    checkDomains(dns);
                } catch (TextParseException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue("the checks asked the local server: " + dns.questions,
                    dns.questions.stream().anyMatch(q -> q.startsWith("TXT _neuromail.")));
        }
    }

    private void checkDomains(LocalDnsServer dns) throws TextParseException {
        Api alice = Api.signedUp();
        String account = accountId(alice);
        String domain = uniqueDomain("dns.test");
        JsonNode created = alice.post("/api/v1/sender-identities", Map.of("type", "domain", "value", domain.toUpperCase(),
                "dkimSelectors", List.of("s1", "s2"))).expect(201).json();
        String id = created.get("id").asText();
        assertEquals(domain, created.get("value").asText());
        assertEquals("pending", created.get("status").asText());
        Map<String, JsonNode> records = new HashMap<>();
        created.get("records").forEach(r -> records.put(r.get("purpose").asText() + " " + r.get("name").asText(), r));
        JsonNode verification = records.get("verification _neuromail." + domain);
        assertEquals("TXT", verification.get("type").asText());
        String token = verification.get("value").asText();
        assertTrue(token, token.startsWith("neuromail-verification="));
        assertTrue(records.containsKey("spf " + domain));
        assertTrue(records.containsKey("dmarc _dmarc." + domain));
        assertTrue(records.containsKey("dkim s1._domainkey." + domain));
        assertTrue(records.containsKey("dkim s2._domainkey." + domain));

        // Nothing published yet, then someone else's token: not verified.
        JsonNode missing = alice.post("/api/v1/sender-identities/" + id + "/check", null).expect(200).json();
        assertEquals("failed", missing.get("status").asText());
        assertEquals("missing", missing.get("dns").get("verification").get("status").asText());
        dns.add(new TXTRecord(Name.fromString("_neuromail." + domain + "."), DClass.IN, 60,
                "neuromail-verification=0123456789abcdef0123456789abcdef"));
        JsonNode wrong = alice.post("/api/v1/sender-identities/" + id + "/check", null).expect(200).json();
        assertEquals("failed", wrong.get("status").asText());
        assertEquals("invalid", wrong.get("dns").get("verification").get("status").asText());
        assertFalse(isVerified(account, "news@" + domain));
        alice.post("/api/v1/messages", message("news@" + domain, "someone@example.org")).expect(422);

        dns.add(new TXTRecord(Name.fromString("_neuromail." + domain + "."), DClass.IN, 60, token));
        dns.add(new TXTRecord(Name.fromString(domain + "."), DClass.IN, 60, "v=spf1 mx ~all"));
        dns.add(new TXTRecord(Name.fromString("s1._domainkey." + domain + "."), DClass.IN, 60, "v=DKIM1; k=rsa; p=MIIBIjAN"));
        JsonNode ok = alice.post("/api/v1/sender-identities/" + id + "/check", null).expect(200).json();
        assertEquals(ok.toString(), "verified", ok.get("status").asText());
        JsonNode check = ok.get("dns");
        assertEquals("found", check.get("verification").get("status").asText());
        assertEquals("found", check.get("spf").get("status").asText());
        assertEquals("missing", check.get("dmarc").get("status").asText());
        assertEquals("found", check.get("dkim").get(0).get("status").asText());
        assertEquals("missing", check.get("dkim").get(1).get("status").asText());
        assertTrue(isVerified(account, "news@" + domain));
        assertTrue(isVerified(account, "Anyone@" + domain.toUpperCase()));
        assertFalse(isVerified(account, "news@sub." + domain));
        alice.post("/api/v1/messages", message("news@" + domain, "someone@example.org")).expect(202);

        // The same domain in another account is that account's to verify.
        Api bob = Api.signedUp();
        assertFalse(isVerified(accountId(bob), "news@" + domain));
        JsonNode bobs = bob.post("/api/v1/sender-identities", Map.of("type", "domain", "value", domain)).expect(201).json();
        assertNotEquals(token, bobs.get("records").get(0).get("value").asText());
        JsonNode notBobs = bob.post("/api/v1/sender-identities/" + bobs.get("id").asText() + "/check", null)
                .expect(200).json();
        assertEquals("invalid", notBobs.get("dns").get("verification").get("status").asText());

        // A resolver that fails changes nothing.
        dns.failing.add("_neuromail." + domain);
        JsonNode unanswered = alice.post("/api/v1/sender-identities/" + id + "/check", null).expect(200).json();
        assertEquals("verified", unanswered.get("status").asText());
        assertEquals("error", unanswered.get("dns").get("verification").get("status").asText());
        assertTrue(alice.get("/api/v1/activity?size=50").expect(200).body().contains("sender-identity.verified"));
    }

    @Test
    public void aVerifiedDomainWhoseRecordIsRemovedStopsBeingASenderAfterTheGracePeriod() throws Exception {
        try (LocalDnsServer dns = new LocalDnsServer()) {
            Api alice = Api.signedUp();
            String account = accountId(alice);
            String domain = uniqueDomain("recheck.test");
            JsonNode created = alice.post("/api/v1/sender-identities", Map.of("type", "domain", "value", domain))
                    .expect(201).json();
            String id = created.get("id").asText();
            Name record = Name.fromString("_neuromail." + domain + ".");
            dns.add(new TXTRecord(record, DClass.IN, 60, created.get("records").get(0).get("value").asText()));
            withConfiguration(Map.of("dns.server", dns.address(), "recheck.intervalSeconds", "1",
                    "recheck.graceSeconds", "0"), () -> {
                JsonNode verified = alice.post("/api/v1/sender-identities/" + id + "/check", null).expect(200).json();
                assertEquals(verified.toString(), "verified", verified.get("status").asText());
                alice.post("/api/v1/messages", message("news@" + domain, "someone@example.org")).expect(202);

                // The owner removes the record; nobody presses "Re-check": the periodic check finds it gone.
                dns.clear();
                JsonNode failed = Poll.until("the periodic re-check fails the domain", CONFIG_TIMEOUT,
                        () -> alice.get("/api/v1/sender-identities/" + id).expect(200).json(),
                        identity -> "failed".equals(identity.get("status").asText()));
                assertTrue(failed.toString(), failed.get("statusReason").asText().contains("gone from DNS"));
                assertEquals("missing", failed.get("dns").get("verification").get("status").asText());
                assertFalse(isVerified(account, "news@" + domain));
                alice.post("/api/v1/messages", message("news@" + domain, "someone@example.org")).expect(422);
                assertTrue(alice.get("/api/v1/activity?size=50").expect(200).body().contains("sender-identity.failed"));
            });
            assertTrue("the re-check asked the local server: " + dns.questions,
                    dns.questions.stream().filter(q -> q.equals("TXT _neuromail." + domain)).count() >= 2);
        }
    }

    @Test
    public void withTheSesSenderConfiguredADomainCheckShowsHowSesSeesIt() throws Exception {
        SenderInstall.installTestBundle(bundleContext, "ses-endpoint");
        String endpoint = SesEndpointFixture.start(14);
        String sesConfig = "io.neuromail.sender.ses.cfg";
        try (LocalDnsServer dns = new LocalDnsServer()) {
            SenderInstall.writeConfig(sesConfig, Map.of("region", "eu-west-1", "accessKeyId", "AKIDNEUROMAILITEST",
                    "secretAccessKey", "itest-secret", "endpointOverride", endpoint));
            SenderInstall.installFeature(features, "neuromail-sender-ses");
            SenderInstall.awaitSender(bundleContext, "ses");
            Api alice = Api.signedUp();
            String known = uniqueDomain("ses.test");
            String unknown = uniqueDomain("ses.test");
            SesEndpointFixture.identity(known, "SUCCESS", "PENDING");
            withConfiguration(Map.of("dns.server", dns.address()), () -> {
                String knownId = alice.post("/api/v1/sender-identities", Map.of("type", "domain", "value", known))
                        .expect(201).json().get("id").asText();
                JsonNode checked = alice.post("/api/v1/sender-identities/" + knownId + "/check", null).expect(200).json();
                JsonNode ses = checked.get("providers").get(0);
                assertEquals(checked.toString(), "Amazon SES eu-west-1", ses.get("provider").asText());
                assertEquals("verified", ses.get("verification").asText());
                assertTrue(ses.get("verifiedForSending").asBoolean());
                assertEquals("pending", ses.get("dkim").asText());
                assertEquals("kept with the identity", ses,
                        alice.get("/api/v1/sender-identities/" + knownId).expect(200).json().get("providers").get(0));

                String unknownId = alice.post("/api/v1/sender-identities", Map.of("type", "domain", "value", unknown))
                        .expect(201).json().get("id").asText();
                JsonNode notInSes = alice.post("/api/v1/sender-identities/" + unknownId + "/check", null)
                        .expect(200).json().get("providers").get(0);
                assertEquals("not-found", notInSes.get("verification").asText());
                assertFalse(notInSes.get("verifiedForSending").asBoolean());
            });
        } finally {
            SenderInstall.deleteConfig(sesConfig);
            SenderInstall.awaitNoSender(bundleContext, "ses");
            SesEndpointFixture.stop();
        }
        Api bob = Api.signedUp();
        String domain = uniqueDomain("ses.test");
        String id = bob.post("/api/v1/sender-identities", Map.of("type", "domain", "value", domain)).expect(201).json()
                .get("id").asText();
        try (LocalDnsServer dns = new LocalDnsServer()) {
            withConfiguration(Map.of("dns.server", dns.address()), () -> assertEquals("without SES, no provider view", 0,
                    bob.post("/api/v1/sender-identities/" + id + "/check", null).expect(200).json().get("providers").size()));
        }
    }

    @Test
    public void preVerifiedDomainsAreEveryAccountsOrOnlyTheNamedAccounts() throws IOException {
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        String aliceId = accountId(alice);
        String bobId = accountId(bob);
        assertTrue("the test container pre-verifies example.com for everyone", isVerified(bobId, "shop@example.com"));
        assertFalse(isVerified(bobId, "shop@sender.test"));
        String domain = uniqueDomain("pre.test");
        withConfiguration(Map.of("preVerifiedDomains", PRE_VERIFIED_DOMAINS + "," + domain + ":" + aliceId), () -> {
            assertTrue(isVerified(aliceId, "news@" + domain));
            assertFalse(isVerified(bobId, "news@" + domain));
            assertTrue(isVerified(bobId, "news@example.org"));
            JsonNode list = alice.get("/api/v1/sender-identities").expect(200).json();
            assertTrue(list.toString(), list.get("preVerifiedDomains").toString().contains(domain));
            assertFalse(bob.get("/api/v1/sender-identities").expect(200).body().contains(domain));
            alice.post("/api/v1/messages", message("news@" + domain, "someone@example.org")).expect(202);
            bob.post("/api/v1/messages", message("news@" + domain, "someone@example.org")).expect(422);
        });
        Poll.until("the operator's change is undone", CONFIG_TIMEOUT, () -> !isVerified(aliceId, "news@" + domain));
    }

    @Test
    public void badInputIsRefusedFieldByFieldAndAnotherAccountsIdentityIsNotFound() {
        Api alice = Api.signedUp();
        assertEquals(List.of("type"), fields(alice.post("/api/v1/sender-identities",
                Map.of("type", "mailbox", "value", "a@example.com")).expect(422)));
        assertEquals(List.of("value"), fields(alice.post("/api/v1/sender-identities",
                Map.of("type", "address", "value", "a@b@example.com")).expect(422)));
        assertEquals(List.of("value"), fields(alice.post("/api/v1/sender-identities",
                Map.of("type", "domain", "value", "x".repeat(300) + ".com")).expect(422)));
        assertEquals(List.of("dkimSelectors"), fields(alice.post("/api/v1/sender-identities",
                Map.of("type", "domain", "value", "example.net", "dkimSelectors", List.of("no spaces"))).expect(422)));
        alice.sendRaw("POST", "/api/v1/sender-identities", "{\"type\":\"domain\",\"value\":\"example.net\",\"owner\":\"x\"}",
                "application/json").expect(400);
        alice.sendRaw("POST", "/api/v1/sender-identities", "x".repeat(100), "application/json").expect(400);
        JsonNode idn = alice.post("/api/v1/sender-identities", Map.of("type", "domain", "value", "bücher-"
                + UUID.randomUUID().toString().substring(0, 6) + ".test")).expect(201).json();
        assertTrue(idn.toString(), idn.get("value").asText().startsWith("xn--"));
        assertTrue(idn.toString(), idn.get("displayValue").asText().startsWith("bücher-"));
        alice.post("/api/v1/sender-identities", Map.of("type", "domain", "value", idn.get("displayValue").asText()))
                .expect(409);
        assertEquals(1, alice.get("/api/v1/sender-identities").expect(200).json().get("items").size());

        String id = idn.get("id").asText();
        Api bob = Api.signedUp();
        for (String[] call : new String[][] {{"GET", ""}, {"POST", "/check"}, {"POST", "/resend"}, {"DELETE", ""}}) {
            Response foreign = bob.send(call[0], "/api/v1/sender-identities/" + id + call[1], null, Map.of()).expect(404);
            Response missing = bob.send(call[0], "/api/v1/sender-identities/" + UUID.randomUUID() + call[1], null, Map.of())
                    .expect(404);
            assertEquals(missing.json(), foreign.json());
        }
        alice.get("/api/v1/sender-identities/" + id).expect(200);
        Api.anonymous().get("/api/v1/sender-identities").expect(401);

        // Sender identities decide what an account may send as: an API key needs admin to change them.
        Api reader = alice.createApiKeyClient("reader", "read");
        reader.get("/api/v1/sender-identities/" + id).expect(200);
        reader.post("/api/v1/sender-identities", Map.of("type", "domain", "value", "reader.example")).expect(403);
        reader.delete("/api/v1/sender-identities/" + id).expect(403);
        Api sender = alice.createApiKeyClient("sender", "send", "read");
        sender.post("/api/v1/sender-identities/" + id + "/check", null).expect(403);
        alice.createApiKeyClient("admin").post("/api/v1/sender-identities", Map.of("type", "domain",
                "value", "admin-" + UUID.randomUUID().toString().substring(0, 6) + ".example")).expect(201);
        assertEquals(0, bob.get("/api/v1/sender-identities").expect(200).json().get("items").size());
    }

    private static List<String> fields(Response problem) {
        List<String> out = new ArrayList<>();
        problem.json().path("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }
}
