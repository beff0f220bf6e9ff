package io.neuromail.contacts.api;

import java.util.List;

/**
 * Who a send goes to: the contacts in any of some lists or segments, minus the contacts in any of
 * the excluded lists or segments. Whatever is asked, only {@link ContactStatus#SUBSCRIBED} contacts
 * whose address is not suppressed are returned, each once.
 *
 * @param listIds           list ids of the account; an unknown id is an error
 * @param segmentIds        segment ids of the account; an unknown id is an error
 * @param excludeListIds    list ids whose members are left out; an unknown id is an error
 * @param excludeSegmentIds segment ids whose matches are left out; an unknown id is an error
 * @param sample            only this share of them ({@code null}: all), e.g. the part of an audience
 *                          that gets one variant of an A/B test
 */
public record RecipientQuery(List<String> listIds, List<String> segmentIds, List<String> excludeListIds,
                             List<String> excludeSegmentIds, Sample sample) {

    public RecipientQuery {
        listIds = listIds == null ? List.of() : List.copyOf(listIds);
        segmentIds = segmentIds == null ? List.of() : List.copyOf(segmentIds);
        excludeListIds = excludeListIds == null ? List.of() : List.copyOf(excludeListIds);
        excludeSegmentIds = excludeSegmentIds == null ? List.of() : List.copyOf(excludeSegmentIds);
    }

    /** The whole of an audience. */
    public RecipientQuery(List<String> listIds, List<String> segmentIds, List<String> excludeListIds,
                          List<String> excludeSegmentIds) {
        this(listIds, segmentIds, excludeListIds, excludeSegmentIds, null);
    }

    /**
     * The same audience, limited to a sample.
     *
     * @since 1.4
     */
    public RecipientQuery sampled(Sample sample) {
        return new RecipientQuery(listIds, segmentIds, excludeListIds, excludeSegmentIds, sample);
    }

    /**
     * A random share of an audience, the same every time it is asked for: every contact has a fixed
     * place on a circle of {@link #SCALE} points, chosen at random when the contact was made; a sample
     * is the arc from {@code from} (inclusive) to {@code to} (exclusive), turned by {@code turn}. Arcs
     * that do not overlap are samples that share no one, and arcs that cover the circle together
     * cover the whole audience, so an A/B test's variants and the rest of its audience never meet.
     * Different turns (one per campaign) make different people the sample.
     *
     * @param from  the arc's start, 0 to {@link #SCALE}
     * @param to    the arc's end, {@code from} to {@link #SCALE}
     * @param turn  how far the arc is turned, 0 to {@link #SCALE} - 1
     * @since 1.4
     */
    public record Sample(int from, int to, int turn) {

        /** Points on the circle. */
        public static final int SCALE = 65_536;

        public Sample {
            if (from < 0 || to > SCALE || from > to) {
                throw new IllegalArgumentException("a sample is an arc 0 <= from <= to <= " + SCALE + ", not " + from
                        + ".." + to);
            }
            if (turn < 0 || turn >= SCALE) {
                throw new IllegalArgumentException("a sample's turn is 0 to " + (SCALE - 1) + ", not " + turn);
            }
        }
    }

    /** The members of some lists and the matches of some segments, nothing excluded. */
    public RecipientQuery(List<String> listIds, List<String> segmentIds) {
        this(listIds, segmentIds, List.of(), List.of());
    }
}
