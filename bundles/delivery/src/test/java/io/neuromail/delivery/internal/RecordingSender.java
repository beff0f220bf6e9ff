package io.neuromail.delivery.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;

/** A sender that keeps what it is given, in memory, and declares {@link #RATE} messages per second. */
final class RecordingSender implements EmailSender {

    static final int RATE = 100;

    private final List<String> recipients = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> times = Collections.synchronizedList(new ArrayList<>());

    @Override
    public SendResult send(OutgoingMessage message) {
        recipients.add(message.recipient());
        times.add(System.currentTimeMillis());
        return SendResult.accepted("rec-" + message.deliveryId());
    }

    @Override
    public SenderLimits limits() {
        return new SenderLimits(RATE, 1_000_000);
    }

    List<String> recipients() {
        return new ArrayList<>(recipients);
    }

    List<Long> timesMillis() {
        return new ArrayList<>(times);
    }
}
