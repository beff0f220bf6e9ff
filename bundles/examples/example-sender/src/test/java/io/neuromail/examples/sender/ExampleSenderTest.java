package io.neuromail.examples.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.DeliveryFeedback;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.delivery.api.SendResult;

class ExampleSenderTest {

    private final List<ProviderFeedback> reported = new CopyOnWriteArrayList<>();
    private final DeliveryFeedback feedback = new DeliveryFeedback() {
        @Override
        public Outcome report(ProviderFeedback f) {
            reported.add(f);
            return Outcome.RECORDED;
        }

        @Override
        public boolean firstNotice(String noticeId) {
            return true;
        }
    };

    @Test
    void acceptsEveryMessageAndReportsAHardBounceForTheBounceDomain() throws Exception {
        ExampleSender sender = new ExampleSender(feedback, config(7, "bounce.example.com"));

        SendResult ok = sender.send(message("row-1", "ann@example.org"));
        SendResult bounced = sender.send(message("row-2", "Gone@Bounce.Example.com"));
        sender.deactivate();

        assertEquals(SendResult.accepted("example-row-1"), ok);
        assertEquals(SendResult.accepted("example-row-2"), bounced);
        assertEquals(1, reported.size());
        ProviderFeedback report = reported.get(0);
        assertEquals(ProviderFeedback.Kind.BOUNCED, report.kind());
        assertEquals(ProviderFeedback.BounceType.HARD, report.bounceType());
        assertEquals("row-2", report.deliveryId());
        assertEquals("Gone@Bounce.Example.com", report.recipient());
        assertTrue(report.suppresses());
        assertEquals(7, sender.limits().maxPerSecond());
    }

    private static OutgoingMessage message(String id, String to) {
        return new OutgoingMessage("acct", id, "news@example.com", to, "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static ExampleSender.Config config(double rate, String domain) {
        return new ExampleSender.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ExampleSender.Config.class;
            }

            @Override
            public double maxPerSecond() {
                return rate;
            }

            @Override
            public String bounceDomain() {
                return domain;
            }
        };
    }
}
