package io.neuromail.tracking.internal;

import java.time.Instant;

/**
 * One stored hit.
 *
 * @param ip        the client's address as configured to be kept (truncated, whole, or {@code null})
 * @param machine   why it is a machine's ({@link Classifier} reasons), {@code null} for a person's
 * @param proxied   fetched through a mail provider's image proxy on a person's behalf
 * @param domain    the domain of the address the message went to, lower case ({@code null} if unknown)
 */
record TrackEvent(String accountId, String sendId, String deliveryId, String contactId, boolean open, int link,
                  Instant at, String ip, String userAgent, String machine, boolean proxied, String domain) {

    /** The domain of {@code address} in lower case, or null when it has none (at most 255 characters). */
    static String domainOf(String address) {
        int at = address == null ? -1 : address.indexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return null;
        }
        String domain = address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        return domain.length() > 255 ? domain.substring(0, 255) : domain;
    }


    boolean human() {
        return machine == null;
    }
}
