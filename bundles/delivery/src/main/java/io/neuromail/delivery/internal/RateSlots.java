package io.neuromail.delivery.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A global token bucket per sender, shared by every worker of every node through one database row:
 * the next free send slot. A worker claims {@code n} consecutive slots, spaced {@code 1/maxPerSecond}
 * apart, with one compare-and-set update; slots of different claims never overlap, so the sum over
 * all workers never exceeds the rate, and the messages go out evenly rather than in bursts.
 */
public final class RateSlots {

    /** Claimed slots: message {@code i} may go at {@link #at(int)}. */
    public record Slots(long firstMicros, long intervalMicros, int count) {
        /** Epoch microseconds of slot {@code i}. */
        public long at(int i) {
            return firstMicros + i * intervalMicros;
        }
    }

    private final Jdbc jdbc;

    public RateSlots(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims {@code count} slots of {@code sender} at {@code maxPerSecond}, the first no earlier than now. */
    public Slots claim(String sender, double maxPerSecond, int count, long nowMicros) {
        long interval = Math.max(1, Math.round(1_000_000d / maxPerSecond));
        for (int attempt = 0; ; attempt++) {
            Long next = read(sender);
            if (next == null) {
                insertIfMissing(sender, nowMicros);
                continue;
            }
            long first = Math.max(next, nowMicros);
            long after = first + count * interval;
            if (jdbc.update("UPDATE nm_delivery_rate SET next_slot_micros = ? WHERE sender_name = ? AND next_slot_micros = ?",
                    after, sender, next) == 1) {
                return new Slots(first, interval, count);
            }
            if (attempt > 1000) {
                throw new IllegalStateException("could not claim a send slot of " + sender);
            }
        }
    }

    private Long read(String sender) {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT next_slot_micros FROM nm_delivery_rate WHERE sender_name = ?")) {
                ps.setString(1, sender);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
    }

    private void insertIfMissing(String sender, long nowMicros) {
        try {
            jdbc.update("INSERT INTO nm_delivery_rate (sender_name, next_slot_micros) VALUES (?, ?)", sender, nowMicros);
        } catch (IllegalStateException e) {
            // Another worker inserted the row first; it is there now, which is all this wanted.
            if (read(sender) == null) {
                throw e;
            }
        }
    }
}
