package io.neuromail.delivery.internal;

import java.util.function.Predicate;

/**
 * Which sender an account sends through, whether the next by ranking may stand in, and which senders
 * the operator allows it (a fallback never picks another).
 */
public record AccountSettings(String sender, boolean fallback, Predicate<String> allowed) {

    /** Settings with every sender allowed. */
    public AccountSettings(String sender, boolean fallback) {
        this(sender, fallback, name -> true);
    }
}
