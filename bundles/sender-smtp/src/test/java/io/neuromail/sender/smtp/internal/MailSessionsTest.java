package io.neuromail.sender.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;

import javax.net.SocketFactory;

import org.junit.jupiter.api.Test;

import jakarta.mail.Session;

class MailSessionsTest {

    @Test
    void connectionsAreOpenedWithoutNagleDelays() throws Exception {
        Session session = MailSessions.create(Relays.plain(25));
        SocketFactory sockets = (SocketFactory) session.getProperties().get("mail.smtp.socketFactory");
        try (Socket socket = sockets.createSocket()) {
            assertTrue(socket.getTcpNoDelay());
        }
    }

    @Test
    void certificatesAreCheckedUnlessTheRelayIsTrusted() {
        assertEquals("true", MailSessions.create(Relays.settings(465, Security.TLS, "", "", "", 1))
                .getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("false", MailSessions.create(Relays.settings(465, Security.TLS, "", "", "other.test 127.0.0.1", 1))
                .getProperty("mail.smtp.ssl.checkserveridentity"));
        assertTrue(MailSessions.trusted(Relays.settings(465, Security.TLS, "", "", "*", 1)));
        assertFalse(MailSessions.trusted(Relays.settings(465, Security.TLS, "", "", "other.test", 1)));
    }
}
