package io.neuromail.delivery.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.neuromail.api.persistence.Jdbc;

/**
 * A global token bucket per sender, shared by every worker of every node through one database row:
 * the next free send slot. A worker claims {@code n} consecutive slots, spaced {@code 1/maxPerSecond}
 * apart, with one update of that row; slots of different claims never overlap, so the sum over
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
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public RateSlots(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims {@code count} slots of {@code sender} at {@code maxPerSecond}, the first no earlier than now. */
    public Slots claim(String sender, double maxPerSecond, int count, long nowMicros) {
        ensure(sender, nowMicros);
        return jdbc.system(c -> claim(c, sender, maxPerSecond, count, nowMicros));
    }

    /**
     * Claims slots inside the caller's transaction on {@code c}: the sender's row stays locked until
     * that transaction ends, so concurrent claims follow one another and never overlap. Call
     * {@link #ensure} for the sender once before.
     */
    public Slots claim(Connection c, String sender, double maxPerSecond, int count, long nowMicros) throws SQLException {
        long interval = Math.max(1, Math.round(1_000_000d / maxPerSecond));
        long span = count * interval;
        if (Jdbc.update(c, "UPDATE nm_delivery_rate SET next_slot_micros = GREATEST(next_slot_micros, ?) + ? "
                + "WHERE sender_name = ?", nowMicros, span, sender) != 1) {
            throw new IllegalStateException("no rate row for sender " + sender);
        }
        Long after = read(c, sender);
        return new Slots(after - span, interval, count);
    }

    /** Makes sure the sender has its row of slots. */
    public void ensure(String sender, long nowMicros) {
        if (known.contains(sender)) {
            return;
        }
        if (jdbc.system(c -> read(c, sender)) == null) {
            try {
                jdbc.update("INSERT INTO nm_delivery_rate (sender_name, next_slot_micros) VALUES (?, ?)", sender, nowMicros);
            } catch (IllegalStateException e) {
                // Another worker inserted the row first; it is there now, which is all this wanted.
                if (jdbc.system(c -> read(c, sender)) == null) {
                    throw e;
                }
            }
        }
        known.add(sender);
    }

    private static Long read(Connection c, String sender) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT next_slot_micros FROM nm_delivery_rate WHERE sender_name = ?")) {
            ps.setString(1, sender);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
