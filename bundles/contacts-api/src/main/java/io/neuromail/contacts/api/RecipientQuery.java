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
 */
public record RecipientQuery(List<String> listIds, List<String> segmentIds, List<String> excludeListIds,
                             List<String> excludeSegmentIds) {

    public RecipientQuery {
        listIds = listIds == null ? List.of() : List.copyOf(listIds);
        segmentIds = segmentIds == null ? List.of() : List.copyOf(segmentIds);
        excludeListIds = excludeListIds == null ? List.of() : List.copyOf(excludeListIds);
        excludeSegmentIds = excludeSegmentIds == null ? List.of() : List.copyOf(excludeSegmentIds);
    }

    /** The members of some lists and the matches of some segments, nothing excluded. */
    public RecipientQuery(List<String> listIds, List<String> segmentIds) {
        this(listIds, segmentIds, List.of(), List.of());
    }
}
