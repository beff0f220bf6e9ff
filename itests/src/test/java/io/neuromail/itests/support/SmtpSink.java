package io.neuromail.itests.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} on a free loopback port, keeping every message it accepts as a file of
 * its own (option {@code -d}). A message is written when its transaction completes, so a message cut
 * off by a dying client never shows up; the file's modification time is when it was received.
 * Installed by {@code bundles/sender-smtp/src/test/scripts/smtp-sink.sh}.
 */
public final class SmtpSink implements AutoCloseable {

    /** One received message: its envelope recipient and when it was received. */
    public record Received(String recipient, Instant at) {
    }

    private static final Path BINARY = Path.of("/usr/sbin/smtp-sink");
    private static final String RECIPIENT = "X-Rcpt-Args: <";

    private final Process process;
    private final int port;
    private final Path folder;

    private SmtpSink(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    /** Starts smtp-sink, keeping the messages in {@code folder} (emptied first). */
    public static SmtpSink start(Path folder) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Postfix (apt-get install postfix)");
        }
        Distributions.deleteTree(folder);
        Files.createDirectories(folder);
        // smtp-sink gives up root for "nobody", who must be able to write the messages.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        // One file per message, named by the second it came in and a random number.
        command.addAll(List.of("-d", folder.toAbsolutePath() + "/%H%M%S.", "127.0.0.1:" + port, "64"));
        File log = folder.resolveSibling(folder.getFileName() + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        SmtpSink sink = new SmtpSink(process, port, folder);
        sink.awaitListening(log);
        return sink;
    }

    public int port() {
        return port;
    }

    /** Every message received so far. */
    public List<Received> received() throws IOException {
        List<Received> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                FileTime at = Files.getLastModifiedTime(file);
                for (String recipient : recipients(file)) {
                    all.add(new Received(recipient, at.toInstant()));
                }
            }
        }
        return all;
    }

    /**
     * The envelope recipients in a file: one per message. Should two messages of one second get the
     * same random number, the file holds both, and neither is lost here.
     */
    private static List<String> recipients(Path file) throws IOException {
        List<String> recipients = new ArrayList<>(1);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(RECIPIENT)) {
                    recipients.add(line.substring(RECIPIENT.length(), line.indexOf('>', RECIPIENT.length())));
                }
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalStateException(file + " names no recipient");
        }
        return recipients;
    }

    private void awaitListening(File log) {
        Poll.until("smtp-sink listening on port " + port + " (log: " + log + ")", Duration.ofSeconds(10), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtp-sink exited with " + process.exitValue() + ", see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
