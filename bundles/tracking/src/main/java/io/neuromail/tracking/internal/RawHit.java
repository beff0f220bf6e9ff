package io.neuromail.tracking.internal;

import io.neuromail.delivery.api.TrackingLinks;

/**
 * A hit as the request thread saw it, before anything is looked up: what the token stood for, when
 * (epoch milliseconds), the client's address and user agent (already capped), whether it was a
 * {@code HEAD}, and whether the client said it fetched ahead of use ({@code Purpose: prefetch}).
 */
record RawHit(TrackingLinks.Hit hit, long at, String client, String userAgent, boolean head, boolean prefetch) {

    RawHit(TrackingLinks.Hit hit, long at, String client, String userAgent, boolean head) {
        this(hit, at, client, userAgent, head, false);
    }

    boolean isClick() {
        return !hit.open();
    }

    boolean isHoneypot() {
        return !hit.open() && hit.link() == TrackingLinks.HONEYPOT;
    }
}
