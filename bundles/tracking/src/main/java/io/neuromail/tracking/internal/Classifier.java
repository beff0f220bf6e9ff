package io.neuromail.tracking.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells a person's open or click from a machine's. Machine events are stored with their reason and
 * kept apart from human engagement; the first matching rule gives the reason:
 * <ol>
 * <li>{@value #HONEYPOT}: the hidden link of the message (link {@code 0}), which no person sees, and
 * every other hit of that message within {@value #BURST_MILLIS} ms of it;</li>
 * <li>{@value #HEAD}: a {@code HEAD} request (browsers and mail clients fetch with {@code GET});</li>
 * <li>{@value #BOT}: the user agent contains an entry of the bot list;</li>
 * <li>{@value #ALL_LINKS}: a click in a burst of clicks on the same message within
 * {@value #BURST_MILLIS} ms that covers every tracked link (when it has 2 or more) or 3 or more
 * distinct links: link scanners follow them all at once, people do not;</li>
 * <li>{@value #APPLE_MPP}: an open by Apple Mail Privacy Protection, which fetches the images of every
 * mail when it arrives: the user agent is exactly {@code Mozilla/5.0} (all Apple's proxy sends), or the
 * client address is in Apple's network {@code 17.0.0.0/8}; either one suffices;</li>
 * <li>{@value #TOO_SOON}: an open within the configured seconds of the message being sent, before a
 * person could have seen it.</li>
 * </ol>
 * Gmail's image proxy ({@code GoogleImageProxy}) and Yahoo's ({@code YahooMailProxy}) fetch the images
 * when the person opens the mail: a person's open, flagged {@code proxied}, never a bot.
 * <p>
 * The burst rules need the hits of the message around the one judged, also those that came after it:
 * the writer holds each hit about a second before classifying it (see {@link HitRecorder}).
 */
final class Classifier {

    static final String HONEYPOT = "honeypot";
    static final String HEAD = "head";
    static final String BOT = "bot";
    static final String ALL_LINKS = "all-links";
    static final String APPLE_MPP = "apple-mpp";
    static final String TOO_SOON = "too-soon";

    /** The window of the burst rules. */
    static final long BURST_MILLIS = 1000;
    /** The user agent Apple's Mail Privacy Protection proxy sends, and nothing more. */
    static final String APPLE_PROXY_AGENT = "Mozilla/5.0";
    private static final Substrings IMAGE_PROXIES = new Substrings(List.of("GoogleImageProxy", "YahooMailProxy"));

    /** The verdict on one hit. */
    record Verdict(String machine, boolean proxied) {
        static final Verdict HUMAN = new Verdict(null, false);
    }

    private final Substrings bots;
    private final long tooSoonMillis;

    Classifier(Substrings bots, long tooSoonMillis) {
        this.bots = bots;
        this.tooSoonMillis = tooSoonMillis;
    }

    /**
     * @param hit         the hit to judge
     * @param sentAt      when its message was sent (epoch milliseconds), {@code null} when not known
     * @param sameMessage the hits of the same message held around it ({@code hit} may be among them)
     */
    Verdict classify(RawHit hit, Long sentAt, List<RawHit> sameMessage) {
        boolean proxied = IMAGE_PROXIES.foundIn(hit.userAgent());
        String machine = machine(hit, sentAt, sameMessage, proxied);
        return machine == null && !proxied ? Verdict.HUMAN : new Verdict(machine, proxied);
    }

    private String machine(RawHit hit, Long sentAt, List<RawHit> sameMessage, boolean proxied) {
        if (hit.isHoneypot() || nearHoneypot(hit, sameMessage)) {
            return HONEYPOT;
        }
        if (hit.head()) {
            return HEAD;
        }
        if (!proxied && bots.foundIn(hit.userAgent())) {
            return BOT;
        }
        if (hit.isClick() && inBurstOfAllLinks(hit, sameMessage)) {
            return ALL_LINKS;
        }
        if (hit.hit().open()) {
            if (!proxied && (APPLE_PROXY_AGENT.equals(hit.userAgent()) || appleNetwork(hit.client()))) {
                return APPLE_MPP;
            }
            if (sentAt != null && hit.at() - sentAt < tooSoonMillis) {
                return TOO_SOON;
            }
        }
        return null;
    }

    private static boolean nearHoneypot(RawHit hit, List<RawHit> sameMessage) {
        for (RawHit other : sameMessage) {
            if (other.isHoneypot() && Math.abs(other.at() - hit.at()) <= BURST_MILLIS) {
                return true;
            }
        }
        return false;
    }

    /** Whether some window of {@link #BURST_MILLIS} holding this click covers all links, or 3 or more. */
    private static boolean inBurstOfAllLinks(RawHit hit, List<RawHit> sameMessage) {
        int links = hit.hit().links();
        for (RawHit start : sameMessage) {
            if (!start.isClick() || start.isHoneypot() || start.at() > hit.at() || start.at() < hit.at() - BURST_MILLIS) {
                continue;
            }
            Set<Integer> distinct = new HashSet<>();
            distinct.add(hit.hit().link());
            for (RawHit other : sameMessage) {
                if (other.isClick() && !other.isHoneypot() && other.at() >= start.at()
                        && other.at() <= start.at() + BURST_MILLIS) {
                    distinct.add(other.hit().link());
                }
            }
            if (distinct.size() >= 3 || (links >= 2 && distinct.size() >= links)) {
                return true;
            }
        }
        return false;
    }

    /** Apple's network, 17.0.0.0/8 (also as an IPv4-mapped IPv6 address). */
    static boolean appleNetwork(String client) {
        if (client == null) {
            return false;
        }
        String v4 = client.regionMatches(true, 0, "::ffff:", 0, 7) ? client.substring(7) : client;
        return v4.startsWith("17.") && v4.chars().filter(ch -> ch == '.').count() == 3;
    }
}
