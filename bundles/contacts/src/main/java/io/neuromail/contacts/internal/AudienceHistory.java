package io.neuromail.contacts.internal;

import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.contacts.api.ContactStatus;

/**
 * Daily counters of an account's audience ({@code nm_audience_day}): contacts added, and contacts whose
 * status became subscribed, unsubscribed, bounced or complained, per day in UTC. They are kept in the
 * transaction that makes the change, so the dashboard reads one row a day instead of counting contacts
 * and status changes. Erasing a contact leaves the counters alone: they hold no personal data.
 */
public final class AudienceHistory {

    /** The longest history one request reads. */
    public static final int MAX_DAYS = 366;

    /**
     * One day's counters.
     *
     * @param date         the day (UTC)
     * @param added        contacts created, by hand, through the API or by an import
     * @param subscribed   contacts that became subscribed again (an undone unsubscribe, a re-subscription)
     * @param unsubscribed contacts that unsubscribed or were opted out
     * @param bounced      contacts whose address bounced for good
     * @param complained   contacts that marked a message as spam
     */
    public record Day(LocalDate date, long added, long subscribed, long unsubscribed, long bounced, long complained) {
    }

    private AudienceHistory() {
    }

    /** Counts {@code count} contacts added at {@code at}. */
    static void added(Connection c, boolean postgres, String accountId, Instant at, long count) throws SQLException {
        add(c, postgres, accountId, at, "added", count);
    }

    /** Counts {@code count} contacts whose status became {@code status} at {@code at}. */
    static void statusChanged(Connection c, boolean postgres, String accountId, Instant at, ContactStatus status,
                              long count) throws SQLException {
        add(c, postgres, accountId, at, status.wireName(), count);
    }

    private static void add(Connection c, boolean postgres, String accountId, Instant at, String column, long count)
            throws SQLException {
        if (count <= 0) {
            return;
        }
        // The column name is one of the fixed names above, never input.
        Date day = Date.valueOf(at.atZone(ZoneOffset.UTC).toLocalDate());
        Jdbc.update(c, postgres
                ? "INSERT INTO nm_audience_day (account_id, on_day) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "MERGE INTO nm_audience_day (account_id, on_day) KEY (account_id, on_day) VALUES (?, ?)", accountId, day);
        Jdbc.update(c, "UPDATE nm_audience_day SET " + column + " = " + column + " + ? WHERE account_id = ? AND on_day = ?",
                count, accountId, day);
    }

    /** Every day from {@code from} to {@code to} (both included, at most {@link #MAX_DAYS}), zeros where nothing happened. */
    public static List<Day> days(Connection c, String accountId, LocalDate from, LocalDate to) throws SQLException {
        Map<LocalDate, Day> stored = new HashMap<>();
        for (Day d : Jdbc.list(c, "SELECT on_day, added, subscribed, unsubscribed, bounced, complained FROM nm_audience_day"
                + " WHERE account_id = ? AND on_day BETWEEN ? AND ?", rs -> new Day(rs.getDate(1).toLocalDate(),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                accountId, Date.valueOf(from), Date.valueOf(to))) {
            stored.put(d.date(), d);
        }
        List<Day> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to) && days.size() < MAX_DAYS; d = d.plusDays(1)) {
            days.add(stored.getOrDefault(d, new Day(d, 0, 0, 0, 0, 0)));
        }
        return days;
    }
}
