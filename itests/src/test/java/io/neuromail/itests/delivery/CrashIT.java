package io.neuromail.itests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.PostgresDatabase;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.Settings;

/**
 * Fault test: the distribution, started as an operator starts it, is killed with SIGKILL several
 * times in the middle of a 10,000-recipient send and started again. Every recipient must arrive
 * exactly once, except rows the ledger marked uncertain (handed off when the process died), which
 * are at most the messages in flight at each kill and arrived at most once.
 */
class CrashIT {

    private static final int RECIPIENTS = 10_000;
    private static final int KILLS = 3;
    /** Hand-offs in flight per node at most (etc/io.neuromail.delivery.cfg concurrency below). */
    private static final int IN_FLIGHT = 8;

    private Process karaf;

    @Test
    void killedMidSendSeveralTimesEveryRecipientArrivesExactlyOnceExceptUncertainOnes() throws Exception {
        String database = Settings.database();
        Path home = unpack(database);
        int port = Integer.parseInt(Settings.required("neuromail.itest.browser.port"));
        configure(home, port, database);
        Api api = start(home, port);
        Api account = api;
        account.signupAndLogin(Api.uniqueEmail(), Api.PASSWORD).expect(200);
        String accountId = account.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        Sink sink = new OutboxFolderSink(home.resolve("data/neuromail/outbox").resolve(accountId));

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
            killHard();
            karaf = null;
            start(home, port);
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
        if (karaf != null) {
            karaf.descendants().forEach(ProcessHandle::destroy);
            karaf.destroy();
            if (!karaf.waitFor(60, TimeUnit.SECONDS)) {
                killHard();
            }
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

    /** SIGKILL to the JVM and its launcher: no shutdown hook, no clean-up. */
    private void killHard() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(karaf.descendants().toList());
        all.add(karaf.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        }
    }

    private Api start(Path home, int port) throws IOException {
        karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("console.log").toFile())).start();
        Api api = Api.at("http://127.0.0.1:" + port);
        api.awaitHealthy(Duration.ofSeconds(180));
        return api;
    }

    private static Path unpack(String database) throws IOException, InterruptedException {
        Path archive = Path.of(Settings.required("neuromail.distribution.archive"));
        Path work = Path.of("target", "crash-distribution-" + database).toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", work.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(120, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar: " + output);
        try (Stream<Path> entries = Files.list(work)) {
            return entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void configure(Path home, int port, String database) throws Exception {
        append(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + port);
        append(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 0");
        append(home.resolve("etc/io.neuromail.identity.cfg"), "rateLimit.apiRequestsPerMinute = 100000");
        append(home.resolve("etc/io.neuromail.identity.cfg"), "signup.mode = open");
        append(home.resolve("etc/io.neuromail.senderidentities.cfg"), "preVerifiedDomains = "
                + io.neuromail.itests.support.NeuroMailTestSupport.PRE_VERIFIED_DOMAINS);
        append(home.resolve("etc/io.neuromail.sender.outbox.cfg"), "maxPerSecond = 400");
        append(home.resolve("etc/io.neuromail.delivery.cfg"), "concurrency = " + IN_FLIGHT);
        if ("postgresql".equals(database)) {
            String url = PostgresDatabase.recreate(Settings.required("neuromail.itest.postgresql.database") + "_crash");
            append(home.resolve("etc/org.ops4j.datasource-neuromail.cfg"), "osgi.jdbc.driver.class = org.postgresql.Driver");
            append(home.resolve("etc/org.ops4j.datasource-neuromail.cfg"), "url = " + url);
            append(home.resolve("etc/org.ops4j.datasource-neuromail.cfg"), "user = "
                    + Settings.required("neuromail.itest.postgresql.user"));
        }
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, System.lineSeparator() + line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
