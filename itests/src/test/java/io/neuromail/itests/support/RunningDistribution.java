package io.neuromail.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the built distribution archive as an operator would — unpacked and started with
 * {@code bin/karaf server} — for tests that drive it from outside the JVM, such as the browser tests.
 * Started once per test run and stopped when the run ends; its base URL is published as the system
 * property {@value #BASE_URL}.
 */
public final class RunningDistribution implements BeforeAllCallback {

    public static final String BASE_URL = "neuromail.baseUrl";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningDistribution.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Server server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
        System.setProperty(BASE_URL, server.baseUrl);
    }

    /** One unpacked, started distribution. */
    static final class Server implements ExtensionContext.Store.CloseableResource {
        private final Process process;
        private final String baseUrl;
        private final Path log;

        private Server(Process process, String baseUrl, Path log) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.log = log;
        }

        static Server start() {
            try {
                Path archive = Path.of(Settings.required("neuromail.distribution.archive"));
                int port = Integer.parseInt(Settings.required("neuromail.itest.browser.port"));
                Path work = Path.of("target", "browser-distribution").toAbsolutePath();
                deleteTree(work);
                Files.createDirectories(work);
                run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
                Path home;
                try (Stream<Path> entries = Files.list(work)) {
                    home = entries.filter(Files::isDirectory).findFirst()
                            .orElseThrow(() -> new IllegalStateException("empty archive " + archive));
                }
                append(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + port);
                append(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 0");
                // Like the general suite: accounts signed up in the browser may send at once.
                append(home.resolve("etc/io.neuromail.identity.cfg"), "signup.mode = open");
                // Like the general suite: accounts may send from these domains without verifying them.
                append(home.resolve("etc/io.neuromail.senderidentities.cfg"),
                        "preVerifiedDomains = " + NeuroMailTestSupport.PRE_VERIFIED_DOMAINS);
                Path log = work.resolve("console.log");
                Process process = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                        .directory(home.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                Server server = new Server(process, "http://127.0.0.1:" + port, log);
                // A cold start on a loaded machine can pass two minutes (Karaf resolves every feature once).
                server.awaitHealthy(home, Duration.ofSeconds(240));
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the NeuroMail distribution: " + e.getMessage(), e);
            }
        }

        private void awaitHealthy(Path home, Duration timeout) throws IOException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Instant deadline = Instant.now().plus(timeout);
            String last = "no answer";
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("NeuroMail exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                    last = r.statusCode() + " " + r.body();
                } catch (IOException notYet) {
                    last = notYet.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                Poll.pause();
            }
            close();
            throw new IllegalStateException("NeuroMail at " + home + " was not healthy within " + timeout + ": " + last);
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void append(Path file, String line) throws IOException {
            Files.writeString(file, System.lineSeparator() + line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        private static void run(List<String> command) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException(String.join(" ", command) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
