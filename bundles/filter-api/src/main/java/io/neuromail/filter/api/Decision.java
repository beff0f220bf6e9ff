package io.neuromail.filter.api;

/** The outcome of a check. */
public enum Decision {
    /** Nothing worth telling. */
    PASS,
    /** The message may hurt the sender's reputation; the marketer should look at the findings. */
    WARN,
    /** The message must not be sent as it is. */
    BLOCK
}
