package io.neuromail.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Distributions unpacked from the built archive and run as an operator runs them ({@code bin/karaf
 * server}), for tests that start several, kill them with SIGKILL and start them again. A node reads
 * no Maven repository but its own {@code system/}, as on a server that never built NeuroMail.
 */
public final class Distributions {

    private Distributions() {
    }

    /** One unpacked distribution and, while it runs, its process. */
    public static final class Node implements AutoCloseable {
        private final Path home;
        private final int port;
        private Process process;

        private Node(Path home, int port) {
            this.home = home;
            this.port = port;
        }

        /**
         * Unpacks the archive into {@code work} (emptied first) for a node answering HTTP on
         * {@code port}, with SSH off; the caller adds the rest of its configuration with {@link #append}.
         */
        public static Node unpack(Path work, int port) throws IOException {
            Path archive = Path.of(Settings.required("neuromail.distribution.archive"));
            deleteTree(work);
            Files.createDirectories(work);
            run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
            Path home;
            try (Stream<Path> entries = Files.list(work)) {
                home = entries.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IllegalStateException("empty archive " + archive));
            }
            Node node = new Node(home, port);
            node.append("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port = " + port);
            node.append("etc/org.apache.karaf.shell.cfg", "sshPort = 0");
            // No fallback on this machine's Maven repository: the node boots from its own system/ or fails.
            Path noLocalRepository = work.resolve("empty-maven-repository");
            Files.createDirectories(noLocalRepository);
            node.append("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository = " + noLocalRepository);
            return node;
        }

        public Path home() {
            return home;
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        /** Adds a line to a file under the node's home (a configuration file in {@code etc/}). */
        public void append(String file, String line) throws IOException {
            Files.writeString(home.resolve(file), System.lineSeparator() + line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        /** Starts the node's process; its output goes to {@code console.log} in its home. */
        public void start() throws IOException {
            if (process != null && process.isAlive()) {
                throw new IllegalStateException(home + " is running already");
            }
            process = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile())).start();
        }

        /** Waits until the node answers 200 on its health endpoint. */
        public Api awaitHealthy(Duration timeout) {
            Api api = Api.at(baseUrl());
            try {
                api.awaitHealthy(timeout);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " (node " + home + ", running: "
                        + (process != null && process.isAlive()) + ", see console.log and data/log)", e);
            }
            return api;
        }

        /** SIGKILL to the JVM and its launcher: no shutdown hook, no clean-up. */
        public void kill() {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            }
            process = null;
        }

        /** Stops the node if it runs: politely first, then with SIGKILL. */
        @Override
        public void close() throws InterruptedException {
            if (process == null) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
            process = null;
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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
}
