package io.neuromail.itests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Distributions.Node;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.PostgresDatabase;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.Settings;

/**
 * Fault test: the distribution, started as an operator starts it, is killed with SIGKILL twice
 * in the middle of a 10,000-recipient send and started again each time. Every recipient must arrive
 * exactly once, except rows the ledger marked uncertain (handed off when the process died), which
 * are at most the messages in flight at each kill and arrived at most once.
 */
class CrashIT {

    private static final int RECIPIENTS = 10_000;
    private static final int KILLS = 2;
    /** Hand-offs in flight per node at most (etc/io.neuromail.delivery.cfg concurrency below). */
    private static final int IN_FLIGHT = 8;
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private Node node;

    @Test
    void killedMidSendTwiceEveryRecipientArrivesExactlyOnceExceptUncertainOnes() throws Exception {
        String database = Settings.database();
        int port = Integer.parseInt(Settings.required("neuromail.itest.browser.port"));
        node = Node.unpack(Path.of("target", "crash-distribution-" + database).toAbsolutePath(), port);
        configure(node, database);
        node.start();
        Api account = node.awaitHealthy(STARTUP);
        account.signupAndLogin(Api.uniqueEmail(), Api.PASSWORD).expect(200);
        String accountId = account.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        Sink sink = new OutboxFolderSink(node.home().resolve("data/neuromail/outbox").resolve(accountId));

        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients.add(Map.of("email", "crash" + i + "@example.org"));
        }
        String sendId = account.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "Crash test",
                "text", "Hello", "recipients", recipients)).expect(201).json().get("id").asText();

        for (int kill = 1; kill <= KILLS; kill++) {
            int target = kill * RECIPIENTS / (KILLS + 1);
            Poll.until(target + " messages sent before kill " + kill, Duration.ofMinutes(5),
                    () -> sent(account, sendId) >= target);
            node.kill();
            node.start();
            node.awaitHealthy(STARTUP);
        }
        JsonNode send = Poll.until("the send finishes", Duration.ofMinutes(10), () -> answer(account, sendId),
                s -> s != null && "finished".equals(s.get("state").asText()));
        JsonNode counts = send.get("counts");
        int uncertain = counts.get("uncertain").asInt();
        assertEquals(RECIPIENTS, counts.get("sent").asInt() + uncertain, counts.toString());
        assertTrue(uncertain <= KILLS * IN_FLIGHT, "uncertain rows are at most the in-flight hand-offs: " + counts);

        Set<String> uncertainRows = new HashSet<>();
        for (int offset = 0; offset < uncertain; offset += 500) {
            account.get("/api/v1/sends/" + sendId + "/recipients?state=uncertain&limit=500&offset=" + offset).expect(200)
                    .json().get("items").forEach(d -> uncertainRows.add(d.get("recipient").asText()));
        }
        Map<String, Integer> received = sink.perRecipient();
        for (int i = 0; i < RECIPIENTS; i++) {
            String address = "crash" + i + "@example.org";
            int n = received.getOrDefault(address, 0);
            if (uncertainRows.contains(address)) {
                assertTrue(n <= 1, address + " (uncertain) arrived " + n + " times");
            } else {
                assertEquals(1, n, address + " arrived " + n + " times");
            }
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private static int sent(Api account, String sendId) {
        JsonNode send = answer(account, sendId);
        return send == null ? -1 : send.get("counts").get("sent").asInt();
    }

    /**
     * The send as the API shows it, or null while a restarted server is not answering it yet (right
     * after a start, Karaf may still refresh bundles and briefly answer 404 or 503).
     */
    private static JsonNode answer(Api account, String sendId) {
        try {
            Response r = account.get("/api/v1/sends/" + sendId);
            return r.status() == 200 ? r.json() : null;
        } catch (IllegalStateException restarting) {
            return null;
        }
    }

    private static void configure(Node node, String database) throws Exception {
        node.append("etc/io.neuromail.identity.cfg", "rateLimit.apiRequestsPerMinute = 100000");
        node.append("etc/io.neuromail.identity.cfg", "signup.mode = open");
        node.append("etc/io.neuromail.senderidentities.cfg", "preVerifiedDomains = "
                + io.neuromail.itests.support.NeuroMailTestSupport.PRE_VERIFIED_DOMAINS);
        node.append("etc/io.neuromail.sender.outbox.cfg", "maxPerSecond = 400");
        node.append("etc/io.neuromail.delivery.cfg", "concurrency = " + IN_FLIGHT);
        if ("postgresql".equals(database)) {
            String url = PostgresDatabase.recreate(Settings.required("neuromail.itest.postgresql.database") + "_crash");
            node.append("etc/org.ops4j.datasource-neuromail.cfg", "osgi.jdbc.driver.class = org.postgresql.Driver");
            node.append("etc/org.ops4j.datasource-neuromail.cfg", "url = " + url);
            node.append("etc/org.ops4j.datasource-neuromail.cfg", "user = "
                    + Settings.required("neuromail.itest.postgresql.user"));
        }
    }
}
