package io.neuromail.tracking.internal;

import java.time.Instant;

/**
 * One stored hit.
 *
 * @param ip        the client's address as configured to be kept (truncated, whole, or {@code null})
 * @param machine   why it is a machine's ({@link Classifier} reasons), {@code null} for a person's
 * @param proxied   fetched through a mail provider's image proxy on a person's behalf
 */
record TrackEvent(String accountId, String sendId, String deliveryId, String contactId, boolean open, int link,
                  Instant at, String ip, String userAgent, String machine, boolean proxied) {

    boolean human() {
        return machine == null;
    }
}
