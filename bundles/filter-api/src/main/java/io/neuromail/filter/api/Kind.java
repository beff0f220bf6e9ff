package io.neuromail.filter.api;

/**
 * What a finding is evidence of, which decides how far it can take the verdict.
 * <p>
 * A message is blocked only for danger found with high confidence: a {@link Severity#BLOCK}
 * finding, or {@link #DANGER} findings whose scores together reach the blocking threshold.
 * {@link #QUALITY} findings (spam wording, layout habits of spam, missing parts) add to the score
 * and may make the verdict {@link Decision#WARN}, but they never block, however high their sum.
 */
public enum Kind {
    /** Spam-like or careless content: may warn, never blocks on its own or summed. */
    QUALITY,
    /** A danger to the reader (a malicious or deceptive link, phishing, explicit content): may block when the danger scores add up. */
    DANGER
}
