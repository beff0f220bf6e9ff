package io.neuromail.contacts.api;

import java.util.List;

/**
 * Who a send goes to: the union of the members of some lists and the matches of some segments.
 * Whatever is asked, only {@link ContactStatus#SUBSCRIBED} contacts whose address is not
 * suppressed are returned, each once.
 *
 * @param listIds    list ids of the account; an unknown id is an error
 * @param segmentIds segment ids of the account; an unknown id is an error
 */
public record RecipientQuery(List<String> listIds, List<String> segmentIds) {

    public RecipientQuery {
        listIds = listIds == null ? List.of() : List.copyOf(listIds);
        segmentIds = segmentIds == null ? List.of() : List.copyOf(segmentIds);
    }
}
