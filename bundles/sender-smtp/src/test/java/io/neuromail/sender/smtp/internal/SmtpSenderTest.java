package io.neuromail.sender.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;

/** The SMTP sender against GreenMail, a real SMTP server in this JVM, on loopback. */
class SmtpSenderTest {

    private GreenMail server;
    private SmtpSender sender;

    @BeforeEach
    void startServer() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        server.stop();
    }

    private int port() {
        return server.getSmtp().getPort();
    }

    private static OutgoingMessage message(String subject, String recipient) {
        return new OutgoingMessage("account-1", "delivery-" + subject, "bounces+1@sender.test", recipient,
                Relays.message(subject));
    }

    private MimeMessage[] deliveredTo(String mailbox) {
        return server.findReceivedMessages(user -> user.getEmail().equals(mailbox), m -> true).toArray(MimeMessage[]::new);
    }

    @Test
    void sendsTheRawMessageToTheEnvelopeRecipientUnchanged() throws Exception {
        sender = new SmtpSender(Relays.plain(port()));

        SendResult result = sender.send(message("first mail", "reader@example.org"));

        assertInstanceOf(SendResult.Accepted.class, result);
        assertTrue(server.waitForIncomingEmail(5_000, 1));
        MimeMessage[] delivered = deliveredTo("reader@example.org");
        assertEquals(1, delivered.length, "delivered to the envelope recipient, not to the To: header");
        assertEquals("<bounces+1@sender.test>", delivered[0].getHeader("Return-Path", null), "envelope sender");
        assertEquals("<first-mail@sender.test>", delivered[0].getMessageID(), "Message-ID kept");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        delivered[0].writeTo(raw);
        // GreenMail stores lines with LF and without the last line end.
        String text = raw.toString(StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
        String sent = new String(Relays.message("first mail"), StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
        assertTrue(text.endsWith("\n" + sent), "headers and body arrive unchanged (dot-stuffing undone):\n" + text);
    }

    @Test
    void reusesConnectionsFromSendToSend() {
        sender = new SmtpSender(Relays.plain(port()));
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(SendResult.Accepted.class, sender.send(message("mail " + i, "r" + i + "@example.org")));
        }
        assertTrue(server.waitForIncomingEmail(5_000, 5));
        assertEquals(1, sender.openedConnections());
    }

    @Test
    void sendsFromSeveralThreadsOverAtMostTheConfiguredConnections() throws Exception {
        sender = new SmtpSender(Relays.settings(port(), Security.NONE, "", "", "", 3));
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try {
            List<Future<SendResult>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                results.add(workers.submit(() -> sender.send(message("parallel " + n, "p" + n + "@example.org"))));
            }
            for (Future<SendResult> result : results) {
                assertInstanceOf(SendResult.Accepted.class, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            workers.shutdownNow();
        }
        assertTrue(server.waitForIncomingEmail(10_000, 60));
        assertEquals(60, server.getReceivedMessages().length);
        assertEquals(1, deliveredTo("p59@example.org").length);
        assertTrue(sender.openedConnections() <= 3, "opened " + sender.openedConnections());
    }

    @Test
    void aRelayThatIsDownMeansRetryLater() {
        int port = port();
        server.stop();
        sender = new SmtpSender(Relays.plain(port));

        SendResult result = sender.send(message("nobody listens", "reader@example.org"));

        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, result);
        assertTrue(retry.reason().contains("test-relay"), retry.reason());
    }

    @Test
    void aConnectionTheRelayDroppedIsReplacedAfterTheFailedSend() {
        sender = new SmtpSender(Relays.plain(port()));
        assertInstanceOf(SendResult.Accepted.class, sender.send(message("before", "a@example.org")));
        int port = port();
        server.stop();
        assertInstanceOf(SendResult.RetryLater.class, sender.send(message("while down", "b@example.org")));
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();

        assertInstanceOf(SendResult.Accepted.class, sender.send(message("after", "c@example.org")));
        assertTrue(server.waitForIncomingEmail(5_000, 1));
    }

    @Test
    void authenticatesWithTheConfiguredCredentials() throws Exception {
        server.setUser("relay-user", "relay-user", "s3cret-pass");
        sender = new SmtpSender(Relays.settings(port(), Security.NONE, "relay-user", "s3cret-pass", "", 2));

        assertInstanceOf(SendResult.Accepted.class, sender.send(message("authenticated", "reader@example.org")));
        String answer = sender.testConnection();
        assertTrue(answer.contains("accepted the login"), answer);
        org.junit.jupiter.api.Assertions.assertFalse(answer.contains("relay-user"), "no user name: " + answer);
    }

    @Test
    void refusedCredentialsMeanRetryLaterNotARejectedRecipient() {
        server.setUser("relay-user", "relay-user", "s3cret-pass");
        sender = new SmtpSender(Relays.settings(port(), Security.NONE, "relay-user", "wrong", "", 2));

        SendResult result = sender.send(message("bad login", "reader@example.org"));

        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, result);
        assertTrue(retry.reason().contains("535"), retry.reason());
        Exception test = assertThrows(Exception.class, sender::testConnection);
        assertTrue(test.getMessage().contains("535"), test.getMessage());
    }

    @Test
    void starttlsIsRequiredWhenConfigured() {
        sender = new SmtpSender(Relays.settings(port(), Security.STARTTLS, "", "", "", 2));

        SendResult result = sender.send(message("no tls offered", "reader@example.org"));

        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, result);
        assertTrue(retry.reason().contains("STARTTLS"), retry.reason());
        assertEquals(0, server.getReceivedMessages().length);
    }

    @Test
    void oversizedMessagesAreRejectedWithoutATry() {
        sender = new SmtpSender(new RelaySettings("small", "", "127.0.0.1", port(), Security.NONE, "", "", "", 5, 100, 1,
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), "", 0));

        SendResult result = sender.send(message("too big", "reader@example.org"));

        assertInstanceOf(SendResult.Rejected.class, result);
        assertEquals(0, sender.openedConnections());
    }

    @Test
    void anInvalidRecipientIsRejected() {
        sender = new SmtpSender(Relays.plain(port()));

        assertInstanceOf(SendResult.Rejected.class, sender.send(message("bad address", "not an address")));
        assertInstanceOf(SendResult.Rejected.class, sender.send(message("bad address", "a@b.test\r\nRCPT TO:<x@y.test>")));
    }

    @Test
    void testConnectionSaysWhatItReached() throws Exception {
        sender = new SmtpSender(Relays.plain(port()));

        String answer = sender.testConnection();

        assertTrue(answer.startsWith("SMTP relay 127.0.0.1:" + port() + " (none) is reachable: 250"), answer);
        server.stop();
        Exception down = assertThrows(Exception.class, sender::testConnection);
        assertTrue(down.getMessage().contains("Cannot connect"), down.getMessage());
    }

    @Test
    void limitsAreTheConfiguredOnes() {
        sender = new SmtpSender(Relays.plain(port()));
        assertEquals(50, sender.limits().maxPerSecond());
        assertEquals(1_000_000, sender.limits().maxMessageBytes());
    }
}
