package io.neuromail.tracking.internal;

import io.neuromail.delivery.api.TrackingLinks;

/**
 * A hit as the request thread saw it, before anything is looked up: what the token stood for, when
 * (epoch milliseconds), the client's address and user agent (already capped), and whether it was a
 * {@code HEAD}.
 */
record RawHit(TrackingLinks.Hit hit, long at, String client, String userAgent, boolean head) {

    boolean isClick() {
        return !hit.open();
    }

    boolean isHoneypot() {
        return !hit.open() && hit.link() == TrackingLinks.HONEYPOT;
    }
}
