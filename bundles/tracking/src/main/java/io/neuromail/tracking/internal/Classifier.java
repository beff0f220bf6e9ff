package io.neuromail.tracking.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a person's open or click from a machine's. Machine events are stored with their reason and
 * kept apart from human engagement; the first matching rule gives the reason:
 * <ol>
 * <li>{@value #HONEYPOT}: the hidden link of the message (link {@code 0}), which no person sees, and
 * every other hit of that message within {@value #BURST_MILLIS} ms of it;</li>
 * <li>{@value #HEAD}: a {@code HEAD} request (browsers and mail clients fetch with {@code GET});</li>
 * <li>{@value #PREFETCH}: the client said it fetched ahead of use ({@code Purpose: prefetch} or
 * {@code Sec-Purpose: prefetch}): a browser or mail program warming its cache, not a person looking;</li>
 * <li>{@value #BOT}: the user agent contains an entry of the bot list;</li>
 * <li>{@value #ALL_LINKS}: a click in a burst of clicks on the same message within
 * {@value #BURST_MILLIS} ms that covers every tracked link (when it has 2 or more) or 3 or more
 * distinct links: link scanners follow them all at once, people do not;</li>
 * <li>{@value #APPLE_MPP}: an open by Apple Mail Privacy Protection, which fetches the images of every
 * mail when it arrives: the user agent is exactly {@code Mozilla/5.0} (all Apple's proxy sends), or the
 * client address is in Apple's network {@code 17.0.0.0/8} or in the egress ranges of Apple's proxies
 * that the operator provides as a CSV file ({@link TrackingConfig#appleEgressFile()}); any one suffices;</li>
 * <li>{@value #TOO_SOON}: an open within the configured seconds of the message being sent, before a
 * person could have seen it.</li>
 * </ol>
 * Gmail's image proxy ({@code GoogleImageProxy}) and Yahoo's ({@code YahooMailProxy}) fetch the images
 * when the person opens the mail: a person's open, flagged {@code proxied}, never a bot.
 * <p>
 * The burst rules need the hits of the message around the one judged, also those that came after it:
 * the writer holds each hit about a second before classifying it (see {@link HitRecorder}). What they
 * need is worked out once per message for all its held hits ({@link Neighbours}), in n log n: a client
 * that hits one link thousands of times a second must not make the writer's work grow with the square.
 */
final class Classifier {

    static final String HONEYPOT = "honeypot";
    static final String HEAD = "head";
    static final String PREFETCH = "prefetch";
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
    private final NetworkRanges appleEgress;

    Classifier(Substrings bots, long tooSoonMillis) {
        this(bots, tooSoonMillis, NetworkRanges.NONE);
    }

    /** @param appleEgress the egress networks of Apple's proxies that the operator provides, besides 17.0.0.0/8 */
    Classifier(Substrings bots, long tooSoonMillis, NetworkRanges appleEgress) {
        this.bots = bots;
        this.tooSoonMillis = tooSoonMillis;
        this.appleEgress = appleEgress;
    }

    /**
     * @param hit         the hit to judge
     * @param sentAt      when its message was sent (epoch milliseconds), {@code null} when not known
     * @param sameMessage the hits of the same message held around it, {@code hit} among them
     */
    Verdict classify(RawHit hit, Long sentAt, List<RawHit> sameMessage) {
        return classify(hit, sentAt, Neighbours.of(sameMessage));
    }

    /** {@link #classify(RawHit, Long, List)} with the message's neighbours worked out already. */
    Verdict classify(RawHit hit, Long sentAt, Neighbours neighbours) {
        boolean proxied = IMAGE_PROXIES.foundIn(hit.userAgent());
        String machine = machine(hit, sentAt, neighbours, proxied);
        return machine == null && !proxied ? Verdict.HUMAN : new Verdict(machine, proxied);
    }

    private String machine(RawHit hit, Long sentAt, Neighbours neighbours, boolean proxied) {
        if (hit.isHoneypot() || neighbours.nearHoneypot(hit)) {
            return HONEYPOT;
        }
        if (hit.head()) {
            return HEAD;
        }
        if (hit.prefetch()) {
            return PREFETCH;
        }
        if (!proxied && bots.foundIn(hit.userAgent())) {
            return BOT;
        }
        if (hit.isClick() && neighbours.inBurstOfAllLinks(hit)) {
            return ALL_LINKS;
        }
        if (hit.hit().open()) {
            if (!proxied && (APPLE_PROXY_AGENT.equals(hit.userAgent()) || appleNetwork(hit.client())
                    || appleEgress.contains(hit.client()))) {
                return APPLE_MPP;
            }
            if (sentAt != null && hit.at() - sentAt < tooSoonMillis) {
                return TOO_SOON;
            }
        }
        return null;
    }

    /** What the burst rules know of the held hits of one message. */
    static final class Neighbours {
        private final long[] honeypots;
        private final Set<RawHit> inBurst;

        private Neighbours(long[] honeypots, Set<RawHit> inBurst) {
            this.honeypots = honeypots;
            this.inBurst = inBurst;
        }

        /**
         * Sorts the message's honeypot hits and clicks by time, and finds the clicks that lie in a window
         * of {@link #BURST_MILLIS} ms (starting at a click) whose clicks cover every link or 3 or more:
         * one pass with two pointers and a count per link, the windows' clicks marked with a
         * difference array.
         */
        static Neighbours of(List<RawHit> sameMessage) {
            List<Long> honeypotTimes = new ArrayList<>();
            List<RawHit> clicks = new ArrayList<>();
            for (RawHit h : sameMessage) {
                if (h.isHoneypot()) {
                    honeypotTimes.add(h.at());
                } else if (h.isClick()) {
                    clicks.add(h);
                }
            }
            long[] honeypots = honeypotTimes.stream().mapToLong(Long::longValue).sorted().toArray();
            clicks.sort(Comparator.comparingLong(RawHit::at));
            int n = clicks.size();
            long[] at = new long[n];
            for (int i = 0; i < n; i++) {
                at[i] = clicks.get(i).at();
            }
            Set<RawHit> inBurst = Collections.newSetFromMap(new IdentityHashMap<>());
            if (n > 0) {
                int links = clicks.get(0).hit().links();
                int[] marks = new int[n + 1];
                Map<Integer, Integer> counts = new HashMap<>();
                int lo = 0;
                int hi = 0;
                for (int i = 0; i < n; i++) {
                    // The window of the click at i: every click from its time to BURST_MILLIS after it.
                    while (lo < i && at[lo] < at[i]) {
                        counts.computeIfPresent(clicks.get(lo).hit().link(), (k, v) -> v == 1 ? null : v - 1);
                        lo++;
                    }
                    while (hi < n && at[hi] <= at[i] + BURST_MILLIS) {
                        counts.merge(clicks.get(hi).hit().link(), 1, Integer::sum);
                        hi++;
                    }
                    int distinct = counts.size();
                    if (distinct >= 3 || (links >= 2 && distinct >= links)) {
                        marks[lo]++;
                        marks[hi]--;
                    }
                }
                int open = 0;
                for (int i = 0; i < n; i++) {
                    open += marks[i];
                    if (open > 0) {
                        inBurst.add(clicks.get(i));
                    }
                }
            }
            return new Neighbours(honeypots, inBurst);
        }

        /** Whether the hidden link of the message was followed within {@link #BURST_MILLIS} ms of the hit. */
        boolean nearHoneypot(RawHit hit) {
            int i = Arrays.binarySearch(honeypots, hit.at() - BURST_MILLIS);
            int first = i >= 0 ? i : -i - 1;
            return first < honeypots.length && honeypots[first] <= hit.at() + BURST_MILLIS;
        }

        /** Whether the click (one of the message's held hits) lies in a burst on all its links, or on 3 or more. */
        boolean inBurstOfAllLinks(RawHit hit) {
            return inBurst.contains(hit);
        }
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
