package io.neuromail.delivery.internal;

/** What every message of a send is built from: the template and who sends it. */
public record SendContent(String id, String accountId, String kind, String fromAddress, String fromName,
                          String replyTo, String subject, String text, String html) {

    /** Marketing messages (campaigns and their test sends) carry List-Unsubscribe and a visible unsubscribe link. */
    public boolean marketing() {
        return marketing(kind);
    }

    /** Whether sends of {@code kind} are marketing mail. */
    public static boolean marketing(String kind) {
        return SendKind.CAMPAIGN.equals(kind) || SendKind.TEST.equals(kind);
    }
}
