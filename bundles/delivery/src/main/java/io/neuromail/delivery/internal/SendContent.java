package io.neuromail.delivery.internal;

/** What every message of a send is built from: the template and who sends it. */
public record SendContent(String id, String accountId, String kind, String fromAddress, String fromName,
                          String subject, String text, String html) {

    /** Marketing messages (campaigns and their test sends) carry List-Unsubscribe. */
    public boolean marketing() {
        return !SendKind.TRANSACTIONAL.equals(kind);
    }
}
