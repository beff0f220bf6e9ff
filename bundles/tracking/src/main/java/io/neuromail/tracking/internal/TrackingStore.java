package io.neuromail.tracking.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;

/**
 * The stored opens and clicks, and their counters. {@link #record} stores a batch of events and
 * brings the counters up to date in the same transaction; the readers never count events.
 * <p>
 * <b>Unique</b> counts are messages: a message counts once for unique opens when it is first opened
 * <em>or clicked</em> (a click is an open of a message whose images were blocked), once for unique
 * clicks when first clicked, and once per link for that link's unique clicks. The human variants count
 * only events with no machine reason. The first times are kept per message ({@code nm_track_recipient},
 * {@code nm_track_recipient_link}), locked while a batch updates them, so that two nodes never count
 * the same message twice.
 */
@Component(service = TrackingStore.class)
public class TrackingStore {

    static final String CHANGELOG = "io/neuromail/tracking/db/changelog.xml";

    /** The counters of a send. */
    public record SendTotals(long opens, long uniqueOpens, long humanOpens, long uniqueHumanOpens, long machineOpens,
                             long clicks, long uniqueClicks, long humanClicks, long uniqueHumanClicks,
                             long machineClicks) {
        static final SendTotals NONE = new SendTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The counters of one link of a send. */
    public record LinkTotals(int link, long clicks, long uniqueClicks, long humanClicks) {
    }

    private final Jdbc jdbc;

    @Activate
    public TrackingStore(@Reference Persistence persistence) {
        persistence.migrate("tracking", TrackingStore.class.getClassLoader(), CHANGELOG);
        this.jdbc = persistence.jdbc();
    }

    TrackingStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The counters of a send; all zero when nothing was recorded. */
    public SendTotals totals(String accountId, String sendId) {
        return jdbc.tx(c -> Jdbc.one(c, "SELECT opens, unique_opens, human_opens, unique_human_opens, machine_opens, "
                        + "clicks, unique_clicks, human_clicks, unique_human_clicks, machine_clicks FROM nm_track_send "
                        + "WHERE account_id = ? AND send_id = ?",
                rs -> new SendTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)),
                accountId, sendId).orElse(SendTotals.NONE));
    }

    /** The counters of each clicked link of a send (link 1 and up), by link number. */
    public List<LinkTotals> links(String accountId, String sendId) {
        return jdbc.tx(c -> Jdbc.list(c, "SELECT link, clicks, unique_clicks, human_clicks FROM nm_track_link "
                        + "WHERE account_id = ? AND send_id = ? ORDER BY link",
                rs -> new LinkTotals(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), accountId, sendId));
    }

    /** The events of one message, oldest first. */
    List<TrackEvent> events(String accountId, String deliveryId) {
        return jdbc.tx(c -> Jdbc.list(c, "SELECT send_id, contact_id, kind, link, at, ip, user_agent, machine, proxied "
                        + "FROM nm_track_event WHERE account_id = ? AND delivery_id = ? ORDER BY at, id",
                rs -> new TrackEvent(accountId, rs.getString("send_id"), deliveryId, rs.getString("contact_id"),
                        rs.getString("kind").equals("open"), rs.getInt("link"), Jdbc.instant(rs, "at"),
                        rs.getString("ip"), rs.getString("user_agent"), rs.getString("machine"),
                        rs.getBoolean("proxied")),
                accountId, deliveryId));
    }

    /**
     * Erases what is known of one contact: its events and its messages' first opens and clicks. The
     * counters of the sends stay as they are: they are totals that name no one, and a report of a past
     * send does not change because a recipient was erased later.
     *
     * @return the events deleted
     */
    public int eraseContact(String accountId, String contactId) {
        return jdbc.tx(c -> {
            int events = Jdbc.update(c, "DELETE FROM nm_track_event WHERE account_id = ? AND contact_id = ?",
                    accountId, contactId);
            Jdbc.update(c, "DELETE FROM nm_track_recipient_link WHERE account_id = ? AND contact_id = ?",
                    accountId, contactId);
            Jdbc.update(c, "DELETE FROM nm_track_recipient WHERE account_id = ? AND contact_id = ?",
                    accountId, contactId);
            return events;
        });
    }

    /** Stores the events and brings the counters up to date, in one transaction. */
    void record(List<TrackEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<TrackEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(TrackEvent::at));
        jdbc.tx(c -> {
            insertEvents(c, sorted);
            // Rows are locked in key order, so that two nodes storing batches at once never deadlock.
            Map<Key, long[]> sends = new TreeMap<>();
            Map<Key, long[]> links = new TreeMap<>();
            Map<Key, List<TrackEvent>> byMessage = new TreeMap<>();
            Map<Key, List<TrackEvent>> byMessageLink = new TreeMap<>();
            for (TrackEvent e : sorted) {
                long[] s = sends.computeIfAbsent(new Key(e.accountId(), e.sendId(), 0), k -> new long[SEND_COLUMNS.length]);
                if (e.open()) {
                    s[OPENS]++;
                    s[e.human() ? HUMAN_OPENS : MACHINE_OPENS]++;
                } else {
                    s[CLICKS]++;
                    s[e.human() ? HUMAN_CLICKS : MACHINE_CLICKS]++;
                    if (e.link() > 0) {
                        long[] l = links.computeIfAbsent(new Key(e.accountId(), e.sendId(), e.link()), k -> new long[3]);
                        l[0]++;
                        l[2] += e.human() ? 1 : 0;
                        byMessageLink.computeIfAbsent(new Key(e.accountId(), e.deliveryId(), e.link()),
                                k -> new ArrayList<>()).add(e);
                    }
                }
                byMessage.computeIfAbsent(new Key(e.accountId(), e.deliveryId(), 0), k -> new ArrayList<>()).add(e);
            }
            for (List<TrackEvent> message : byMessage.values()) {
                firsts(c, message, sends.get(new Key(message.get(0).accountId(), message.get(0).sendId(), 0)));
            }
            for (List<TrackEvent> clicks : byMessageLink.values()) {
                if (firstClickOfLink(c, clicks)) {
                    TrackEvent e = clicks.get(0);
                    links.get(new Key(e.accountId(), e.sendId(), e.link()))[1]++;
                }
            }
            for (Map.Entry<Key, long[]> link : links.entrySet()) {
                Key k = link.getKey();
                long[] v = link.getValue();
                ensure(c, "nm_track_link", new String[] {"account_id", "send_id", "link"}, new String[0],
                        k.account(), k.id(), k.number());
                Jdbc.update(c, "UPDATE nm_track_link SET clicks = clicks + ?, unique_clicks = unique_clicks + ?, "
                        + "human_clicks = human_clicks + ? WHERE account_id = ? AND send_id = ? AND link = ?",
                        v[0], v[1], v[2], k.account(), k.id(), k.number());
            }
            for (Map.Entry<Key, long[]> send : sends.entrySet()) {
                Key k = send.getKey();
                ensure(c, "nm_track_send", new String[] {"account_id", "send_id"}, new String[0], k.account(), k.id());
                StringBuilder sql = new StringBuilder("UPDATE nm_track_send SET ");
                Object[] params = new Object[SEND_COLUMNS.length + 2];
                for (int i = 0; i < SEND_COLUMNS.length; i++) {
                    sql.append(i == 0 ? "" : ", ").append(SEND_COLUMNS[i]).append(" = ").append(SEND_COLUMNS[i]).append(" + ?");
                    params[i] = send.getValue()[i];
                }
                sql.append(" WHERE account_id = ? AND send_id = ?");
                params[SEND_COLUMNS.length] = k.account();
                params[SEND_COLUMNS.length + 1] = k.id();
                Jdbc.update(c, sql.toString(), params);
            }
            return null;
        });
    }

    private static final String[] SEND_COLUMNS = {"opens", "unique_opens", "human_opens", "unique_human_opens",
            "machine_opens", "clicks", "unique_clicks", "human_clicks", "unique_human_clicks", "machine_clicks"};
    private static final int OPENS = 0;
    private static final int UNIQUE_OPENS = 1;
    private static final int HUMAN_OPENS = 2;
    private static final int UNIQUE_HUMAN_OPENS = 3;
    private static final int MACHINE_OPENS = 4;
    private static final int CLICKS = 5;
    private static final int UNIQUE_CLICKS = 6;
    private static final int HUMAN_CLICKS = 7;
    private static final int UNIQUE_HUMAN_CLICKS = 8;
    private static final int MACHINE_CLICKS = 9;

    /** An account's row: a send or a message id, and a link number (0 where none applies). */
    private record Key(String account, String id, int number) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int a = account.compareTo(o.account);
            int b = a != 0 ? a : id.compareTo(o.id);
            return b != 0 ? b : Integer.compare(number, o.number);
        }
    }

    private static void insertEvents(Connection c, List<TrackEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nm_track_event (id, account_id, send_id, delivery_id, "
                + "contact_id, kind, link, at, ip, user_agent, machine, proxied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TrackEvent e : events) {
                Jdbc.bind(ps, UUID.randomUUID().toString(), e.accountId(), e.sendId(), e.deliveryId(), e.contactId(),
                        e.open() ? "open" : "click", e.link(), e.at(), e.ip(), e.userAgent(), e.machine(), e.proxied());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Updates a message's first opens and clicks with its events of the batch (in time order), and
     * adds to the send's unique counters for each first that is new.
     */
    private void firsts(Connection c, List<TrackEvent> events, long[] send) throws SQLException {
        TrackEvent one = events.get(0);
        ensure(c, "nm_track_recipient", new String[] {"account_id", "delivery_id"}, new String[] {"send_id", "contact_id"},
                one.accountId(), one.deliveryId(), one.sendId(), one.contactId());
        Instant[] first = new Instant[4];
        boolean[] human = new boolean[1];
        Jdbc.one(c, "SELECT first_open, first_click, first_human_open, first_human_click, human FROM nm_track_recipient "
                + "WHERE account_id = ? AND delivery_id = ? FOR UPDATE", rs -> {
                    first[0] = Jdbc.instant(rs, "first_open");
                    first[1] = Jdbc.instant(rs, "first_click");
                    first[2] = Jdbc.instant(rs, "first_human_open");
                    first[3] = Jdbc.instant(rs, "first_human_click");
                    human[0] = rs.getBoolean("human");
                    return Boolean.TRUE;
                }, one.accountId(), one.deliveryId());
        Instant[] before = first.clone();
        boolean wasHuman = human[0];
        for (TrackEvent e : events) {
            earliest(first, 0, e.at(), send, UNIQUE_OPENS);
            if (!e.open()) {
                earliest(first, 1, e.at(), send, UNIQUE_CLICKS);
            }
            if (e.human()) {
                human[0] = true;
                earliest(first, 2, e.at(), send, UNIQUE_HUMAN_OPENS);
                if (!e.open()) {
                    earliest(first, 3, e.at(), send, UNIQUE_HUMAN_CLICKS);
                }
            }
        }
        if (!java.util.Arrays.equals(before, first) || wasHuman != human[0]) {
            Jdbc.update(c, "UPDATE nm_track_recipient SET first_open = ?, first_click = ?, first_human_open = ?, "
                    + "first_human_click = ?, human = ? WHERE account_id = ? AND delivery_id = ?",
                    first[0], first[1], first[2], first[3], human[0], one.accountId(), one.deliveryId());
        }
    }

    /** Keeps the earliest time; the first one counts as a unique. Hits may be stored a little out of order. */
    private static void earliest(Instant[] first, int index, Instant at, long[] send, int unique) {
        if (first[index] == null) {
            first[index] = at;
            send[unique]++;
        } else if (at.isBefore(first[index])) {
            first[index] = at;
        }
    }

    /** Whether this batch holds the first click of a message on one link (and records its time). */
    private boolean firstClickOfLink(Connection c, List<TrackEvent> clicks) throws SQLException {
        TrackEvent one = clicks.get(0);
        ensure(c, "nm_track_recipient_link", new String[] {"account_id", "delivery_id", "link"},
                new String[] {"send_id", "contact_id"}, one.accountId(), one.deliveryId(), one.link(), one.sendId(),
                one.contactId());
        Instant[] first = new Instant[1];
        Jdbc.one(c, "SELECT first_click FROM nm_track_recipient_link WHERE account_id = ? AND delivery_id = ? AND link = ? "
                + "FOR UPDATE", rs -> {
                    first[0] = Jdbc.instant(rs, "first_click");
                    return Boolean.TRUE;
                }, one.accountId(), one.deliveryId(), one.link());
        Instant earliest = clicks.get(0).at();
        if (first[0] != null && !earliest.isBefore(first[0])) {
            return false;
        }
        Jdbc.update(c, "UPDATE nm_track_recipient_link SET first_click = ? WHERE account_id = ? AND delivery_id = ? "
                + "AND link = ?", earliest, one.accountId(), one.deliveryId(), one.link());
        return first[0] == null;
    }

    /** Inserts the row with these key (and other) values unless it exists; the counters start at zero. */
    private void ensure(Connection c, String table, String[] keys, String[] others, Object... values) throws SQLException {
        String keyList = String.join(", ", keys);
        String columns = others.length == 0 ? keyList : keyList + ", " + String.join(", ", others);
        String sql = jdbc.postgres()
                ? "INSERT INTO " + table + " (" + columns + ") VALUES (" + Jdbc.marks(values.length) + ") ON CONFLICT DO NOTHING"
                : "MERGE INTO " + table + " (" + columns + ") KEY (" + keyList + ") VALUES (" + Jdbc.marks(values.length) + ")";
        Jdbc.update(c, sql, values);
    }
}
