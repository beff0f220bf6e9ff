package io.neuromail.sender.smtp.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Postfix's {@code smtp-sink}, a real SMTP server that can be told to answer chosen commands with a
 * 4xx or 5xx reply or to drop the connection. The tests that use it need Postfix installed
 * ({@code apt-get install postfix}); without it they fail and say so.
 */
final class SmtpSink implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    private final Process process;
    private final int port;

    private SmtpSink(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts smtp-sink on a free loopback port with the given options (e.g. {@code "-r", "RCPT"}). */
    static SmtpSink start(String... options) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Postfix (apt-get install postfix)");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to keep root privileges
        }
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1:" + port, "16"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/smtp-sink-" + port + ".log")).start();
        SmtpSink sink = new SmtpSink(process, port);
        sink.awaitListening();
        return sink;
    }

    int port() {
        return port;
    }

    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtp-sink exited with " + process.exitValue() + ", see target/smtp-sink-" + port + ".log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20); // poll interval while the process binds its socket
            }
        }
        throw new IllegalStateException("smtp-sink did not listen on port " + port + " within 10 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
