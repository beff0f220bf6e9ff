package io.neuromail.delivery.internal.ses;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.api.persistence.Jdbc;

/**
 * Applies SES bounce and complaint notifications to the ledger: records each per recipient, counts
 * it on its send, and pauses a send whose bounce or complaint rate passes the thresholds.
 */
public final class Feedback {

    /** What a notification says about one recipient. */
    public record Event(String accountId, String sendId, String deliveryId, String recipient, String kind,
                        String detail) {
        public boolean permanentBounce() {
            return BOUNCE_PERMANENT.equals(kind);
        }

        public boolean complaint() {
            return COMPLAINT.equals(kind);
        }
    }

    /** Thresholds of auto-pause. */
    public record Thresholds(double bounceRatePercent, double complaintRatePercent, int minimumSent) {
    }

    public static final String BOUNCE_PERMANENT = "bounce_permanent";
    public static final String BOUNCE_TRANSIENT = "bounce_transient";
    public static final String COMPLAINT = "complaint";

    private final Jdbc jdbc;
    private final Thresholds thresholds;

    public Feedback(Jdbc jdbc, Thresholds thresholds) {
        this.jdbc = jdbc;
        this.thresholds = thresholds;
    }

    /**
     * Records a replay-protected message id; answers false when it was seen before (nothing is
     * then to be done).
     */
    public boolean firstTime(String messageId, long now) {
        try {
            return jdbc.update("INSERT INTO nm_delivery_sns_message (message_id, received_at) VALUES (?, ?)",
                    messageId.length() > 100 ? messageId.substring(0, 100) : messageId, now) == 1;
        } catch (IllegalStateException duplicate) {
            return false;
        }
    }

    /** The events of an SES notification whose message NeuroMail sent; empty for anything else. */
    public List<Event> events(JsonNode notification) {
        String type = notification.path("notificationType").asText(notification.path("eventType").asText(""));
        JsonNode mail = notification.path("mail");
        Optional<String[]> row = row(mail);
        List<Event> events = new ArrayList<>();
        if (row.isEmpty()) {
            return events;
        }
        String[] r = row.get();
        if ("Bounce".equals(type)) {
            JsonNode bounce = notification.path("bounce");
            String kind = "Permanent".equals(bounce.path("bounceType").asText()) ? BOUNCE_PERMANENT : BOUNCE_TRANSIENT;
            for (JsonNode recipient : bounce.path("bouncedRecipients")) {
                events.add(new Event(r[0], r[1], r[2], recipient.path("emailAddress").asText(), kind,
                        bounce.path("bounceType").asText() + "/" + bounce.path("bounceSubType").asText() + " "
                                + recipient.path("diagnosticCode").asText("")));
            }
        } else if ("Complaint".equals(type)) {
            JsonNode complaint = notification.path("complaint");
            for (JsonNode recipient : complaint.path("complainedRecipients")) {
                events.add(new Event(r[0], r[1], r[2], recipient.path("emailAddress").asText(), COMPLAINT,
                        complaint.path("complaintFeedbackType").asText("complaint")));
            }
        }
        events.removeIf(e -> e.recipient().isBlank());
        return events;
    }

    /** account, send and row of the message: by NeuroMail's tag, else by the provider's message id. */
    private Optional<String[]> row(JsonNode mail) {
        String tagged = mail.path("tags").path("neuromail-delivery").path(0).asText("");
        String messageId = mail.path("messageId").asText("");
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(!tagged.isEmpty()
                    ? "SELECT account_id, send_id, id FROM nm_delivery WHERE id = ?"
                    : "SELECT account_id, send_id, id FROM nm_delivery WHERE provider_id = ?")) {
                ps.setString(1, !tagged.isEmpty() ? tagged : messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                            : Optional.<String[]>empty();
                }
            }
        });
    }

    /** Records an event, counts it on its send, and auto-pauses the send when a rate passes its threshold. */
    public void record(Event e, long now) {
        String column = switch (e.kind()) {
            case BOUNCE_PERMANENT -> "bounces";
            case BOUNCE_TRANSIENT -> "transient_bounces";
            default -> "complaints";
        };
        jdbc.tx(c -> {
            Jdbc.update(c, "INSERT INTO nm_delivery_feedback (id, account_id, delivery_id, send_id, recipient, kind, "
                    + "detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), e.accountId(),
                    e.deliveryId(), e.sendId(), e.recipient().toLowerCase(Locale.ROOT), e.kind(),
                    e.detail().length() > 1000 ? e.detail().substring(0, 1000) : e.detail(), now);
            Jdbc.update(c, "UPDATE nm_delivery_send SET " + column + " = " + column + " + 1, updated_at = ? WHERE id = ?",
                    now, e.sendId());
            return null;
        });
        autoPause(e.sendId(), now);
    }

    private void autoPause(String sendId, long now) {
        long[] figures = jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.bounces, s.complaints, (SELECT COUNT(*) FROM "
                    + "nm_delivery d WHERE d.send_id = s.id AND d.state = 'sent') FROM nm_delivery_send s WHERE s.id = ?")) {
                ps.setString(1, sendId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : null;
                }
            }
        });
        if (figures == null || figures[2] < thresholds.minimumSent()) {
            return;
        }
        double bounceRate = 100.0 * figures[0] / figures[2];
        double complaintRate = 100.0 * figures[1] / figures[2];
        String reason = null;
        if (bounceRate > thresholds.bounceRatePercent()) {
            reason = String.format(Locale.ROOT, "bounce rate %.2f %% passed %.2f %%", bounceRate,
                    thresholds.bounceRatePercent());
        } else if (complaintRate > thresholds.complaintRatePercent()) {
            reason = String.format(Locale.ROOT, "complaint rate %.3f %% passed %.3f %%", complaintRate,
                    thresholds.complaintRatePercent());
        }
        if (reason != null) {
            jdbc.update("UPDATE nm_delivery_send SET state = 'auto-paused', state_reason = ?, updated_at = ? "
                    + "WHERE id = ? AND state = 'running'", reason, now, sendId);
        }
    }
}
