package io.neuromail.sender.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;

/** Implicit TLS (SMTPS) against GreenMail's SMTPS server and its self-signed certificate. */
class SmtpSenderTlsTest {

    private GreenMail server;
    private SmtpSender sender;

    @BeforeEach
    void startServer() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        server.stop();
    }

    private static OutgoingMessage message(String subject) {
        return new OutgoingMessage("account-1", "d-1", "bounces@sender.test", "reader@example.org", Relays.message(subject));
    }

    @Test
    void sendsOverImplicitTlsToATrustedHost() throws Exception {
        sender = new SmtpSender(Relays.settings(server.getSmtps().getPort(), Security.TLS, "", "", "127.0.0.1", 2));

        SendResult result = sender.send(message("over tls"));
        assertInstanceOf(SendResult.Accepted.class, result, result::toString);
        assertTrue(server.waitForIncomingEmail(5_000, 1));
        assertTrue(sender.testConnection().contains("(tls)"));
    }

    @Test
    void trustingAnotherHostDoesNotTrustThisRelay() {
        sender = new SmtpSender(Relays.settings(server.getSmtps().getPort(), Security.TLS, "", "", "smtp.other.test", 2));

        assertInstanceOf(SendResult.RetryLater.class, sender.send(message("other host trusted")));
        assertEquals(0, server.getReceivedMessages().length);
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        sender = new SmtpSender(Relays.settings(server.getSmtps().getPort(), Security.TLS, "", "", "", 2));

        SendResult result = sender.send(message("untrusted"));

        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, result);
        assertTrue(retry.reason().toLowerCase().contains("certificat") || retry.reason().contains("PKIX"), retry.reason());
        assertEquals(0, server.getReceivedMessages().length);
    }
}
