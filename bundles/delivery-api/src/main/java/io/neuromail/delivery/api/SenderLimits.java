package io.neuromail.delivery.api;

/**
 * How fast and how big a sender allows messages to be.
 *
 * @param maxPerSecond    messages per second over all workers and nodes; greater than 0
 * @param maxMessageBytes the largest raw message accepted; greater than 0
 */
public record SenderLimits(double maxPerSecond, long maxMessageBytes) {

    public SenderLimits {
        if (!(maxPerSecond > 0) || Double.isInfinite(maxPerSecond)) {
            throw new IllegalArgumentException("maxPerSecond must be a positive number: " + maxPerSecond);
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
    }
}
