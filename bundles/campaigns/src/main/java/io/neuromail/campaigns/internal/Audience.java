package io.neuromail.campaigns.internal;

import java.util.List;

import io.neuromail.contacts.api.RecipientQuery;

/**
 * Who a campaign goes to: the contacts in any of the included lists and segments, minus those in
 * any excluded one; only subscribed, unsuppressed contacts, each address once.
 */
public record Audience(List<String> lists, List<String> segments, List<String> excludeLists,
                       List<String> excludeSegments) {

    /** The most lists and segments one audience names, all four kinds together. */
    public static final int MAX_PARTS = 100;

    public Audience {
        lists = clean(lists);
        segments = clean(segments);
        excludeLists = clean(excludeLists);
        excludeSegments = clean(excludeSegments);
    }

    public static Audience empty() {
        return new Audience(null, null, null, null);
    }

    public boolean includesNothing() {
        return lists.isEmpty() && segments.isEmpty();
    }

    public RecipientQuery query() {
        return new RecipientQuery(lists, segments, excludeLists, excludeSegments);
    }

    /** Refuses an audience that names too many parts or ids that cannot be ids. */
    public Audience validated() {
        int parts = lists.size() + segments.size() + excludeLists.size() + excludeSegments.size();
        if (parts > MAX_PARTS) {
            throw io.neuromail.api.rest.ApiException.invalid("audience", "an audience names at most " + MAX_PARTS
                    + " lists and segments in all");
        }
        for (List<String> ids : List.of(lists, segments, excludeLists, excludeSegments)) {
            for (String id : ids) {
                if (id.length() > 64) {
                    throw io.neuromail.api.rest.ApiException.invalid("audience", "not a list or segment id: "
                            + id.substring(0, 20) + "...");
                }
            }
        }
        return this;
    }

    private static List<String> clean(List<String> ids) {
        return ids == null ? List.of() : ids.stream().filter(id -> id != null && !id.isBlank()).map(String::strip)
                .distinct().toList();
    }
}
