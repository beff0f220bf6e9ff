package io.neuromail.sender.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;

/**
 * What each kind of SMTP answer becomes, against Postfix's smtp-sink told to refuse one command:
 * 4xx and dropped connections are retried later, 5xx are permanent.
 */
class SmtpSenderReplyTest {

    private static final OutgoingMessage MESSAGE = new OutgoingMessage("account-1", "d-1", "bounces@sender.test",
            "reader@example.org", Relays.message("reply codes"));

    private static SendResult sendThrough(String... sinkOptions) throws Exception {
        try (SmtpSink sink = SmtpSink.start(sinkOptions); SmtpSender sender = new SmtpSender(Relays.plain(sink.port()))) {
            return sender.send(MESSAGE);
        }
    }

    @Test
    void anAcceptingRelayGivesItsQueueAnswer() throws Exception {
        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, sendThrough());
        assertTrue(!accepted.providerMessageId().isBlank());
    }

    @Test
    void aSoftRecipientRefusalIsRetriedLater() throws Exception {
        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, sendThrough("-r", "RCPT"));
        assertTrue(retry.reason().contains(" 4"), retry.reason());
    }

    @Test
    void aHardRecipientRefusalIsPermanent() throws Exception {
        SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class, sendThrough("-f", "RCPT"));
        assertTrue(rejected.reason().contains("5"), rejected.reason());
    }

    @Test
    void aHardRefusalOfTheMessageIsPermanent() throws Exception {
        assertInstanceOf(SendResult.Rejected.class, sendThrough("-f", "."));
    }

    @Test
    void aSoftRefusalOfTheMessageIsRetriedLater() throws Exception {
        assertInstanceOf(SendResult.RetryLater.class, sendThrough("-r", "."));
    }

    @Test
    void aHardSenderRefusalIsPermanent() throws Exception {
        assertInstanceOf(SendResult.Rejected.class, sendThrough("-f", "MAIL"));
    }

    @Test
    void aRelayShuttingDownWith421IsRetriedLater() throws Exception {
        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, sendThrough("-Q", "MAIL"));
        // smtp-sink closes the connection right after its 421; on a busy machine the close can reach
        // the client before the reply is read (a reset). Either way the message is retried later.
        assertTrue(retry.reason().contains("421") || retry.reason().contains("Connection reset"), retry.reason());
    }

    @Test
    void aConnectionDroppedAfterTheMessageIsRetriedLater() throws Exception {
        assertInstanceOf(SendResult.RetryLater.class, sendThrough("-q", "."));
    }

    @Test
    void theConnectionIsReplacedAfterARefusal() throws Exception {
        try (SmtpSink sink = SmtpSink.start("-f", "RCPT"); SmtpSender sender = new SmtpSender(Relays.plain(sink.port()))) {
            assertInstanceOf(SendResult.Rejected.class, sender.send(MESSAGE));
            assertInstanceOf(SendResult.Rejected.class, sender.send(MESSAGE));
            assertTrue(sender.openedConnections() == 2, "a refused transaction's connection is not reused");
        }
    }
}
