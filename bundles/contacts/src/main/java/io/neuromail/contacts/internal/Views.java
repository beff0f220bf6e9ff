package io.neuromail.contacts.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the contacts API answers, as JSON. */
public final class Views {

    private Views() {
    }

    /** A contact in lists and tables. */
    public record ContactView(String id, String email, String firstName, String lastName, String status,
                              String consentSource, Instant consentAt, Instant createdAt, Instant updatedAt,
                              List<String> tags, Map<String, Object> attributes) {
    }

    /** A contact with everything about it, for the detail page. */
    public record ContactDetail(ContactView contact, List<ListRef> lists, List<StatusChangeView> statusHistory) {
    }

    public record ListRef(String id, String name) {
    }

    public record StatusChangeView(String oldStatus, String newStatus, String source, String reason, Instant changedAt) {
    }

    public record ListView(String id, String name, long members, Instant createdAt) {
    }

    public record AttributeView(String name, String type, long contacts) {
    }

    public record SuppressionView(String id, String email, String reason, String source, Instant createdAt) {
    }

    public record SegmentView(String id, String name, Object filter, Instant createdAt, Instant updatedAt) {
    }

    public record CountView(long count, long millis) {
    }

    /** The result of one item of a bulk action or a suppression import. */
    public record ItemResult(String item, boolean ok, String error) {
    }

    public record BulkResult(int succeeded, int failed, List<ItemResult> results) {
    }
}
