package io.neuromail.sender.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.SendResult;

/** How SMTP answers become results, rule by rule (the same answers from real servers: SmtpSenderReplyTest). */
class SmtpRepliesTest {

    private static MessagingException recipientRefused(int code) throws Exception {
        SMTPAddressFailedException refused = new SMTPAddressFailedException(new InternetAddress("r@example.org"),
                "RCPT TO:<r@example.org>", code, code + " 5.1.1 <r@example.org>: Recipient address rejected");
        return new SendFailedException("Invalid Addresses", refused);
    }

    @Test
    void fourHundredsAreRetriedAndFiveHundredsRejected() throws Exception {
        assertInstanceOf(SendResult.RetryLater.class, SmtpReplies.failure("relay", recipientRefused(450)));
        SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class,
                SmtpReplies.failure("relay", recipientRefused(550)));
        assertTrue(rejected.reason().contains("550 5.1.1"), rejected.reason());
        assertTrue(rejected.reason().startsWith("SMTP relay relay: "), rejected.reason());
    }

    @Test
    void refusedCredentialsAreRetriedNotRejected() throws Exception {
        assertInstanceOf(SendResult.RetryLater.class, SmtpReplies.failure("relay", recipientRefused(530)));
        assertInstanceOf(SendResult.RetryLater.class,
                SmtpReplies.failure("relay", new AuthenticationFailedException("535 5.7.8 Authentication failed")));
    }

    @Test
    void connectionFailuresHaveNoCodeAndAreRetried() {
        MessagingException down = new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"));
        assertEquals(-1, SmtpReplies.replyCode(down));
        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, SmtpReplies.failure("relay", down));
        assertTrue(retry.reason().contains("Connection refused"), retry.reason());
    }

    @Test
    void theQueueIdIsTheProviderMessageId() {
        assertEquals("4F3A2C0", SmtpReplies.providerMessageId("250 2.0.0 Ok: queued as 4F3A2C0\r\n"));
        assertEquals("OK", SmtpReplies.providerMessageId("250 OK"));
        assertEquals("2.0.0 Ok <id@x>", SmtpReplies.providerMessageId("250 2.0.0 Ok <id@x>"));
    }
}
