package io.neuromail.delivery.internal.feedback;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.api.persistence.DataAccessException;
import io.neuromail.api.persistence.Jdbc;

/**
 * Applies providers' reports to the ledger: records each on its message, counts bounces and
 * complaints on the send, and pauses a send whose bounce or complaint rate passes the thresholds.
 */
public final class FeedbackLedger {

    /** The message a report is about. */
    public record Row(String accountId, String sendId, String deliveryId, String recipient) {
    }

    /** Thresholds of auto-pause. */
    public record Thresholds(double bounceRatePercent, double complaintRatePercent, int minimumSent) {
    }

    /** Kinds as stored in {@code nm_delivery_feedback.kind}. */
    public static final String BOUNCE_PERMANENT = "bounce_permanent";
    public static final String BOUNCE_TRANSIENT = "bounce_transient";
    public static final String COMPLAINT = "complaint";
    public static final String DELIVERED = "delivered";

    private final Jdbc jdbc;
    private final Thresholds thresholds;

    public FeedbackLedger(Jdbc jdbc, Thresholds thresholds) {
        this.jdbc = jdbc;
        this.thresholds = thresholds;
    }

    /** Records a notice id; answers false when it was seen before (nothing is then to be done). */
    public boolean firstTime(String noticeId, long now) {
        try {
            return jdbc.update("INSERT INTO nm_delivery_notice (message_id, received_at) VALUES (?, ?)",
                    noticeId, now) == 1;
        } catch (DataAccessException e) {
            // Only a unique key violation (SQLSTATE class 23) means "seen before"; anything else fails.
            if (e.sqlState() != null && e.sqlState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    /** The message a report names: by NeuroMail's delivery id when it has one, else by the provider's id. */
    public Optional<Row> row(ProviderFeedback feedback) {
        boolean byDeliveryId = feedback.deliveryId() != null;
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT account_id, send_id, id, recipient FROM nm_delivery "
                    + (byDeliveryId ? "WHERE id = ?" : "WHERE provider_id = ?"))) {
                ps.setString(1, byDeliveryId ? feedback.deliveryId() : feedback.providerMessageId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4))) : Optional.<Row>empty();
                }
            }
        });
    }

    /** How a report is stored. */
    public static String kind(ProviderFeedback feedback) {
        return switch (feedback.kind()) {
            case DELIVERED -> DELIVERED;
            case COMPLAINED -> COMPLAINT;
            case BOUNCED -> feedback.bounceType() == ProviderFeedback.BounceType.HARD ? BOUNCE_PERMANENT
                    : BOUNCE_TRANSIENT;
        };
    }

    /**
     * Records a report on its row, counts a bounce or complaint on its send, and auto-pauses the send
     * when a rate passes its threshold.
     */
    public void record(Row row, ProviderFeedback feedback, long now) {
        String kind = kind(feedback);
        String column = switch (kind) {
            case BOUNCE_PERMANENT -> "bounces";
            case BOUNCE_TRANSIENT -> "transient_bounces";
            case COMPLAINT -> "complaints";
            default -> null;
        };
        jdbc.system(c -> {
            Jdbc.update(c, "INSERT INTO nm_delivery_feedback (id, account_id, delivery_id, send_id, recipient, kind, "
                    + "detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), row.accountId(),
                    row.deliveryId(), row.sendId(), row.recipient().toLowerCase(Locale.ROOT), kind, feedback.detail(), now);
            if (column != null) {
                Jdbc.update(c, "UPDATE nm_delivery_send SET " + column + " = " + column + " + 1, updated_at = ? "
                        + "WHERE id = ? AND account_id = ?", now, row.sendId(), row.accountId());
            }
            return null;
        });
        if (column != null) {
            autoPause(row, now);
        }
    }

    private void autoPause(Row row, long now) {
        long[] figures = jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.bounces, s.complaints, (SELECT COUNT(*) FROM "
                    + "nm_delivery d WHERE d.send_id = s.id AND d.account_id = s.account_id AND d.state = 'sent') "
                    + "FROM nm_delivery_send s WHERE s.id = ? AND s.account_id = ?")) {
                Jdbc.bind(ps, row.sendId(), row.accountId());
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
                    + "WHERE id = ? AND account_id = ? AND state = 'running'", reason, now, row.sendId(), row.accountId());
        }
    }
}
