package io.neuromail.filter.api;

/** How much one finding weighs on its own, whatever the total score. */
public enum Severity {
    /** Adds its score; the thresholds decide. */
    INFO,
    /** The verdict is at least {@link Decision#WARN}. */
    WARN,
    /**
     * The verdict is {@link Decision#BLOCK}: the message must not be sent as it is. Only for danger
     * found with high confidence (see {@link Finding}).
     */
    BLOCK
}
