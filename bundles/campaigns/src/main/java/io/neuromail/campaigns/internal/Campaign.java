package io.neuromail.campaigns.internal;

import java.time.Instant;
import java.util.List;

/** A campaign as stored (one row of {@code nm_campaign} and its tags). */
public record Campaign(String id, String accountId, String name, String status, String statusReason, String subject,
                       String preheader, String from, String fromName, String replyTo, String html, String text,
                       boolean textFromHtml, List<String> sanitiserNotes, String senderName, boolean inlineCss,
                       Audience audience, Instant scheduledAt, String scheduleZone, String scheduledByUser,
                       String scheduledByEmail, boolean acknowledged, String sendId, Instant startedAt, Instant sentAt,
                       boolean webviewEnabled, String webviewToken, boolean inArchive, boolean tracking, int version,
                       String createdBy, Instant createdAt, Instant updatedAt, List<String> tags) {

    public Campaign {
        sanitiserNotes = sanitiserNotes == null ? List.of() : List.copyOf(sanitiserNotes);
        tags = tags == null ? List.of() : List.copyOf(tags);
        audience = audience == null ? Audience.empty() : audience;
    }

    /** The content a marketer edits; everything else is state. */
    public record Content(String name, String subject, String preheader, String from, String fromName, String replyTo,
                          String html, String text, boolean textFromHtml, List<String> sanitiserNotes,
                          String senderName, boolean inlineCss, Audience audience, boolean webviewEnabled,
                          boolean inArchive, boolean tracking, List<String> tags) {
    }

    public Content content() {
        return new Content(name, subject, preheader, from, fromName, replyTo, html, text, textFromHtml, sanitiserNotes,
                senderName, inlineCss, audience, webviewEnabled, inArchive, tracking, tags);
    }
}
