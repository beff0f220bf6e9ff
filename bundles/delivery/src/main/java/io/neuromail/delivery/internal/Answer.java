package io.neuromail.delivery.internal;

/**
 * A sender's answer for one handed-off row, to be recorded in the ledger: the row moves to
 * {@code state} (sent, failed, queued again for a retry, or uncertain).
 *
 * @param id the ledger row
 * @param owner the lease owner that handed it off
 * @param state the state the row moves to
 * @param text the provider's message id when sent, else the reason
 * @param nextAttemptAt when a retried row is due again (only for {@link DeliveryState#QUEUED})
 * @param now when the answer came
 */
public record Answer(String id, String owner, String state, String text, long nextAttemptAt, long now) {
}
