package io.neuromail.delivery.internal;

import io.neuromail.delivery.api.SendResult;

/** Told what each sender answered, for metrics. Called on the delivery workers: must be quick and not throw. */
public interface SendObserver {

    /** Observes nothing. */
    SendObserver NONE = new SendObserver() {
        @Override
        public void answered(String sender, SendResult result) {
        }

        @Override
        public void failed(String sender) {
        }
    };

    /** {@code sender} answered {@code result}. */
    void answered(String sender, SendResult result);

    /** {@code sender} threw instead of answering (the message is uncertain). */
    void failed(String sender);
}
