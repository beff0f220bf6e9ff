package io.neuromail.sender.smtp.internal;

import java.time.Duration;

/** Relay settings for tests: loopback, short time-outs. */
final class Relays {

    private Relays() {
    }

    static RelaySettings plain(int port) {
        return settings(port, Security.NONE, "", "", "", 4);
    }

    static RelaySettings settings(int port, Security security, String username, String password, String trusted,
                                  int connections) {
        return new RelaySettings("test-relay", "", "127.0.0.1", port, security, username, password, trusted, 50,
                1_000_000, connections, Duration.ofSeconds(5), Duration.ofSeconds(10), "neuromail.test", 0);
    }

    /** A raw message whose To: header differs from the envelope recipient, with CRLF line ends. */
    static byte[] message(String subject) {
        return ("From: News <news@sender.test>\r\n"
                + "To: Everyone <list@example.com>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "Hello, this is " + subject + ".\r\n"
                + ".a line that starts with a dot\r\n"
                + "Grüße\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
