package io.neuromail.sender.ses.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.testing.ses.ReceivedEmail;
import io.neuromail.testing.ses.SesEndpoint;

/** The SES sender through the real AWS SDK against the local SES v2 endpoint. */
class SesSenderTest {

    private static final byte[] MIME = ("From: news@sender.test\r\nTo: list@example.com\r\nSubject: Hello\r\n"
            + "Message-ID: <m1@sender.test>\r\n\r\nHello SES\r\n").getBytes(StandardCharsets.UTF_8);

    private SesEndpoint endpoint;
    private SesSender sender;

    @BeforeEach
    void start() throws Exception {
        endpoint = SesEndpoint.start(14);
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        endpoint.close();
    }

    private SesSettings settings(double maxPerSecond) {
        return new SesSettings("eu-west-1", "AKIDNEUROMAIL", "secret", "neuromail-events", maxPerSecond, endpoint.uri());
    }

    private static OutgoingMessage message(String recipient) {
        return new OutgoingMessage("account-1", "0b5c7e1a-delivery-1", "bounces@sender.test", recipient, MIME);
    }

    @Test
    void sendsTheRawMessageAndAnswersSesMessageId() {
        sender = new SesSender(settings(0));

        SendResult result = sender.send(message("reader@example.org"));

        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, result);
        ReceivedEmail received = endpoint.received().get(0);
        assertEquals(received.messageId(), accepted.providerMessageId());
        assertEquals("reader@example.org", received.destinations().get(0));
        assertEquals(1, received.destinations().size());
        assertEquals(new String(MIME, StandardCharsets.UTF_8), received.rawText());
        assertEquals("AKIDNEUROMAIL", received.accessKeyId());
        assertEquals("neuromail-events", received.configurationSetName());
        assertEquals("0b5c7e1a-delivery-1", received.tags().get(SesSender.DELIVERY_TAG));
    }

    @Test
    void throttlingIsRetryLaterWithoutAHiddenRetry() {
        sender = new SesSender(settings(0));
        endpoint.throttleNext(1);

        SendResult result = sender.send(message("reader@example.org"));

        SendResult.RetryLater retry = assertInstanceOf(SendResult.RetryLater.class, result);
        assertTrue(retry.reason().contains("TooManyRequestsException"), retry.reason());
        assertEquals(SesErrors.THROTTLED, retry.after());
        assertEquals(1, endpoint.sendRequests(), "the SDK must not retry on its own");
        assertEquals(0, endpoint.received().size());
    }

    @Test
    void sendingFasterThanTheAccountAllowsIsThrottled() {
        endpoint.maxSendRate(2);
        sender = new SesSender(settings(0));
        int accepted = 0;
        int throttled = 0;
        for (int i = 0; i < 6; i++) {
            SendResult result = sender.send(message("r" + i + "@example.org"));
            if (result instanceof SendResult.Accepted) {
                accepted++;
            } else {
                assertInstanceOf(SendResult.RetryLater.class, result);
                throttled++;
            }
        }
        assertEquals(6, accepted + throttled);
        assertTrue(throttled > 0, "six sends at once against 2 per second");
        assertTrue(endpoint.maxAcceptedInAnySecond() <= 2);
    }

    @Test
    void aRejectedMessageIsPermanent() {
        endpoint.rejectRecipient("unverified@example.org");
        sender = new SesSender(settings(0));

        SendResult result = sender.send(message("unverified@example.org"));

        SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class, result);
        assertTrue(rejected.reason().contains("MessageRejected"), rejected.reason());
    }

    @Test
    void anUnreachableEndpointIsRetryLater() {
        URI gone = endpoint.uri();
        endpoint.close();
        sender = new SesSender(new SesSettings("eu-west-1", "AKID", "secret", "", 0, gone));

        assertInstanceOf(SendResult.RetryLater.class, sender.send(message("reader@example.org")));
        Exception test = assertThrows(Exception.class, sender::testConnection);
        assertTrue(test.getMessage().contains("GetAccount"), test.getMessage());
    }

    @Test
    void limitsFollowTheAccountsSendRateReadOncePerMinute() {
        MutableClock clock = new MutableClock();
        sender = new SesSender(settings(0), clock);

        assertEquals(14, sender.limits().maxPerSecond());
        endpoint.maxSendRate(50);
        assertEquals(14, sender.limits().maxPerSecond(), "cached for a minute");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(50, sender.limits().maxPerSecond());
        assertEquals(SesSender.MAX_MESSAGE_BYTES, sender.limits().maxMessageBytes());
    }

    @Test
    void aConfiguredRateCapsTheAccountsRate() {
        sender = new SesSender(settings(5));
        assertEquals(5, sender.limits().maxPerSecond());
    }

    @Test
    void testConnectionSaysSendingIsEnabledWithoutTheOperatorsQuota() throws Exception {
        sender = new SesSender(settings(0));
        String answer = sender.testConnection();
        assertTrue(answer.endsWith("sending enabled"), answer);
        org.junit.jupiter.api.Assertions.assertFalse(answer.contains("14"), "no quota figures: " + answer);
        assertEquals(14, sender.limits().maxPerSecond(), 0.001, "the quota still sets the rate");

        endpoint.sendingEnabled(false);
        Exception disabled = assertThrows(Exception.class, sender::testConnection);
        assertTrue(disabled.getMessage().contains("disabled"), disabled.getMessage());
    }

    @Test
    void withoutKeysTheDefaultCredentialsChainIsUsed() {
        System.setProperty("aws.accessKeyId", "AKIDFROMCHAIN");
        System.setProperty("aws.secretAccessKey", "chain-secret");
        try {
            sender = new SesSender(new SesSettings("eu-west-1", "", "", "", 0, endpoint.uri()));
            assertInstanceOf(SendResult.Accepted.class, sender.send(message("reader@example.org")));
            assertEquals("AKIDFROMCHAIN", endpoint.received().get(0).accessKeyId());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new SesSettings("Europe", "", "", "", 0, null));
        assertThrows(IllegalArgumentException.class, () -> new SesSettings("eu-west-1", "AKID", "", "", 0, null));
        assertThrows(IllegalArgumentException.class, () -> new SesSettings("eu-west-1", "", "", "", -1, null));
        String text = new SesSettings("eu-west-1", "AKID", "very-secret", "", 0, null).toString();
        assertTrue(!text.contains("very-secret"), text);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
