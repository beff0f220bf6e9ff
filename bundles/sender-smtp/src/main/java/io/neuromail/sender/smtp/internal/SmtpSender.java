package io.neuromail.sender.smtp.internal;

import java.time.Clock;
import java.time.Duration;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;

/**
 * Sends through one SMTP relay over pooled connections. The raw message goes out as it was built
 * (no header is added or rewritten), with the envelope sender and the one recipient of the
 * {@link OutgoingMessage}.
 */
final class SmtpSender implements EmailSender, AutoCloseable {

    /** A connection idle longer than this is checked with NOOP before it is used again. */
    static final Duration CHECK_IDLE_AFTER = Duration.ofSeconds(10);

    private final RelaySettings relay;
    private final Session session;
    private final TransportPool pool;

    SmtpSender(RelaySettings relay) {
        this(relay, Clock.systemUTC());
    }

    SmtpSender(RelaySettings relay, Clock clock) {
        this.relay = relay;
        this.session = MailSessions.create(relay);
        this.pool = new TransportPool(this::connect, relay.connections(), CHECK_IDLE_AFTER, clock);
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        byte[] mime = message.mime();
        if (mime.length > relay.maxMessageBytes()) {
            return SendResult.rejected("message of " + mime.length + " bytes is larger than the " + relay.maxMessageBytes()
                    + " bytes SMTP relay " + relay.name() + " takes");
        }
        InternetAddress recipient;
        RawMessage smtpMessage;
        try {
            recipient = address(message.recipient(), "recipient");
            smtpMessage = new RawMessage(session, mime, address(message.envelopeFrom(), "envelope sender").getAddress());
        } catch (MessagingException e) {
            return SendResult.rejected(SmtpReplies.describe(e));
        }

        SMTPTransport transport;
        try {
            transport = pool.borrow(relay.readTimeout());
        } catch (MessagingException e) {
            return SmtpReplies.failure(relay.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retryLater(Duration.ZERO, "interrupted while waiting for a connection to SMTP relay " + relay.name());
        }
        boolean healthy = false;
        try {
            MailSessions.withMailClassLoader(() -> {
                transport.sendMessage(smtpMessage, new Address[] {recipient});
                return null;
            });
            healthy = true;
            return SendResult.accepted(SmtpReplies.providerMessageId(transport.getLastServerResponse()));
        } catch (MessagingException e) {
            return SmtpReplies.failure(relay.name(), e);
        } finally {
            pool.release(transport, healthy);
        }
    }

    @Override
    public SenderLimits limits() {
        return new SenderLimits(relay.maxPerSecond(), relay.maxMessageBytes());
    }

    /**
     * Connects (EHLO, STARTTLS and AUTH as configured), sends NOOP and disconnects. The answer goes to
     * account users, so it names the relay but not the user name it logs in with.
     */
    @Override
    public String testConnection() throws Exception {
        SMTPTransport transport;
        try {
            transport = connect();
        } catch (MessagingException e) {
            throw new Exception("Cannot connect to SMTP relay " + relay.address() + ": " + SmtpReplies.describe(e), e);
        }
        try {
            if (!transport.isConnected()) {
                throw new Exception("SMTP relay " + relay.address() + " closed the connection after EHLO: "
                        + transport.getLastServerResponse());
            }
            // Account users read this answer: it names the relay, never the relay's user name.
            return "SMTP relay " + relay.address() + (relay.authenticates() ? " accepted the login" : " is reachable")
                    + ": " + transport.getLastServerResponse().strip();
        } finally {
            transport.close();
        }
    }

    /** How many connections to the relay were opened so far (they are reused). */
    long openedConnections() {
        return pool.openedConnections();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return relay.toString();
    }

    private SMTPTransport connect() throws MessagingException {
        return MailSessions.withMailClassLoader(() -> {
            SMTPTransport transport = new SMTPTransport(session, new URLName("smtp", relay.host(), relay.port(), null, null, null));
            transport.connect(relay.host(), relay.port(),
                    relay.authenticates() ? relay.username() : null, relay.authenticates() ? relay.password() : null);
            return transport;
        });
    }

    private static InternetAddress address(String value, String what) throws AddressException {
        try {
            InternetAddress address = new InternetAddress(value, true);
            if (address.isGroup() || address.getAddress() == null || !address.getAddress().contains("@")) {
                throw new AddressException("not a single mailbox", value);
            }
            return address;
        } catch (AddressException e) {
            throw new AddressException("invalid " + what + " address '" + value + "': " + e.getMessage());
        }
    }
}
