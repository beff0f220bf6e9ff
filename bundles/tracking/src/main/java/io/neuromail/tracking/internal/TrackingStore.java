package io.neuromail.tracking.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.persistence.SqlCondition;

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

    /** The counters of one hour of a send; {@code hour} is its start (UTC). */
    public record HourTotals(Instant hour, long humanOpens, long uniqueHumanOpens, long machineOpens, long humanClicks,
                             long uniqueHumanClicks, long machineClicks, long unsubscribes) {
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
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT opens, unique_opens, human_opens, unique_human_opens, machine_opens, "
                        + "clicks, unique_clicks, human_clicks, unique_human_clicks, machine_clicks FROM nm_track_send "
                        + "WHERE account_id = ? AND send_id = ?",
                rs -> new SendTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)),
                accountId, sendId).orElse(SendTotals.NONE));
    }

    /** The counters of each clicked link of a send (link 1 and up), by link number. */
    public List<LinkTotals> links(String accountId, String sendId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT link, clicks, unique_clicks, human_clicks FROM nm_track_link "
                        + "WHERE account_id = ? AND send_id = ? ORDER BY link",
                rs -> new LinkTotals(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), accountId, sendId));
    }

    /** The hours of a send with anything counted, oldest first. */
    public List<HourTotals> hours(String accountId, String sendId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT at_hour, " + String.join(", ", HOUR_COLUMNS) + " FROM nm_track_hour "
                        + "WHERE account_id = ? AND send_id = ? ORDER BY at_hour",
                rs -> new HourTotals(Jdbc.instant(rs, "at_hour"), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)), accountId, sendId));
    }

    /** A message a person opened: when first, and when they first clicked in it ({@code null}: not yet). */
    public record Engaged(String deliveryId, String contactId, Instant firstOpen, Instant firstClick) {
    }

    /**
     * The messages of a send a person opened (or, with {@code clicked}, clicked in), in message id order
     * after {@code after} ({@code null}: from the first), at most {@code limit}.
     */
    public List<Engaged> engaged(String accountId, String sendId, boolean clicked, String after, int limit) {
        String sql = "SELECT delivery_id, contact_id, first_human_open, first_human_click FROM nm_track_recipient "
                + "WHERE account_id = ? AND send_id = ? AND " + (clicked ? "first_human_click" : "first_human_open")
                + " IS NOT NULL" + (after == null ? "" : " AND delivery_id > ?") + " ORDER BY delivery_id FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY";
        Object[] params = after == null ? new Object[] {accountId, sendId} : new Object[] {accountId, sendId, after};
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, sql, rs -> new Engaged(rs.getString(1), rs.getString(2),
                Jdbc.instant(rs, "first_human_open"), Jdbc.instant(rs, "first_human_click")), params));
    }

    /** Of these messages of the account, the ones a person opened. */
    public List<Engaged> engaged(String accountId, java.util.Collection<String> deliveryIds) {
        List<String> ids = deliveryIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.size() > IN_LIST) {
            throw new IllegalArgumentException("at most " + IN_LIST + " messages at a time, got " + ids.size());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Object[] params = new Object[ids.size() + 1];
        params[0] = accountId;
        for (int i = 0; i < ids.size(); i++) {
            params[i + 1] = ids.get(i);
        }
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT delivery_id, contact_id, first_human_open, first_human_click "
                + "FROM nm_track_recipient WHERE account_id = ? AND first_human_open IS NOT NULL AND delivery_id IN ("
                + Jdbc.marks(ids.size()) + ") ORDER BY delivery_id", rs -> new Engaged(rs.getString(1), rs.getString(2),
                Jdbc.instant(rs, "first_human_open"), Jdbc.instant(rs, "first_human_click")), params));
    }

    /**
     * A condition on a contact (alias {@code c}, run by the contacts bundle): a person opened (clicked
     * in) a message of the account to it, of one of {@code sendIds} (any send when empty), first at or
     * after {@code since} (when given). Reads through {@code ix_track_recipient_contact}.
     */
    static SqlCondition engagedContact(String accountId, boolean clicked, java.util.Collection<String> sendIds,
                                       Instant since) {
        String column = clicked ? "r.first_human_click" : "r.first_human_open";
        StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM nm_track_recipient r WHERE r.account_id = ? "
                + "AND r.contact_id = c.id AND ").append(column).append(" IS NOT NULL");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (!sendIds.isEmpty()) {
            sql.append(" AND r.send_id IN (").append(Jdbc.marks(sendIds.size())).append(')');
            params.addAll(sendIds);
        }
        if (since != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            params.add(since);
        }
        return new SqlCondition(sql.append(')').toString(), params);
    }

    /** The messages of a send whose unsubscribe link was used (and not undone). */
    public long unsubscribes(String accountId, String sendId) {
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT unsubscribes FROM nm_track_send WHERE account_id = ? AND send_id = ?",
                rs -> rs.getLong(1), accountId, sendId).orElse(0L));
    }

    /**
     * Counts the use of a message's unsubscribe link, once per message: in its send's total and in the
     * hour it happened.
     *
     * @return whether it counted (false: the message had already unsubscribed)
     */
    public boolean unsubscribed(String accountId, String sendId, String deliveryId, Instant at) {
        return jdbc.inAccount(accountId, c -> {
            ensure(c, "nm_track_recipient", new String[] {"account_id", "delivery_id"}, new String[] {"send_id"},
                    accountId, deliveryId, sendId);
            boolean already = Jdbc.one(c, "SELECT unsubscribed_at FROM nm_track_recipient WHERE account_id = ? "
                    + "AND delivery_id = ? FOR UPDATE", rs -> rs.getTimestamp(1) != null, accountId, deliveryId)
                    .orElse(false);
            if (already) {
                return false;
            }
            Jdbc.update(c, "UPDATE nm_track_recipient SET unsubscribed_at = ? WHERE account_id = ? AND delivery_id = ?",
                    at, accountId, deliveryId);
            addUnsubscribe(c, accountId, sendId, at, 1);
            return true;
        });
    }

    /**
     * Takes back the counted unsubscribe of a message whose unsubscribe was undone.
     *
     * @return whether there was one to take back
     */
    public boolean resubscribed(String accountId, String deliveryId) {
        return jdbc.inAccount(accountId, c -> {
            Optional<Object[]> row = Jdbc.one(c, "SELECT send_id, unsubscribed_at FROM nm_track_recipient "
                    + "WHERE account_id = ? AND delivery_id = ? FOR UPDATE",
                    rs -> new Object[] {rs.getString(1), Jdbc.instant(rs, "unsubscribed_at")}, accountId, deliveryId);
            if (row.isEmpty() || row.get()[1] == null) {
                return false;
            }
            Jdbc.update(c, "UPDATE nm_track_recipient SET unsubscribed_at = NULL WHERE account_id = ? AND delivery_id = ?",
                    accountId, deliveryId);
            addUnsubscribe(c, accountId, (String) row.get()[0], (Instant) row.get()[1], -1);
            return true;
        });
    }

    private void addUnsubscribe(Connection c, String accountId, String sendId, Instant at, int delta) throws SQLException {
        ensure(c, "nm_track_send", new String[] {"account_id", "send_id"}, new String[0], accountId, sendId);
        Jdbc.update(c, "UPDATE nm_track_send SET unsubscribes = unsubscribes + ? WHERE account_id = ? AND send_id = ?",
                delta, accountId, sendId);
        Instant hour = Instant.ofEpochSecond(hourOf(at) * 3600L);
        ensure(c, "nm_track_hour", new String[] {"account_id", "send_id", "at_hour"}, new String[0], accountId, sendId, hour);
        Jdbc.update(c, "UPDATE nm_track_hour SET unsubscribes = unsubscribes + ? WHERE account_id = ? AND send_id = ? "
                + "AND at_hour = ?", delta, accountId, sendId, hour);
    }

    /**
     * Of a send's messages to these domains (lower case, at most 500), how many a person opened and
     * clicked in, per domain that has any: read from the counters kept with every stored batch.
     */
    public Map<String, long[]> domains(String accountId, String sendId, java.util.Collection<String> domains) {
        if (domains.isEmpty()) {
            return Map.of();
        }
        if (domains.size() > 500) {
            throw new IllegalArgumentException("at most 500 domains at a time");
        }
        List<Object> params = new ArrayList<>(List.of(accountId, sendId));
        params.addAll(domains);
        return jdbc.inAccount(accountId, c -> {
            Map<String, long[]> out = new HashMap<>();
            for (Object[] row : Jdbc.list(c, "SELECT domain, unique_human_opens, unique_human_clicks FROM nm_track_domain "
                    + "WHERE account_id = ? AND send_id = ? AND domain IN (" + Jdbc.marks(domains.size()) + ")",
                    rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)}, params.toArray())) {
                out.put((String) row[0], new long[] {(Long) row[1], (Long) row[2]});
            }
            return out;
        });
    }

    /** The events of one message, oldest first. */
    List<TrackEvent> events(String accountId, String deliveryId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT e.send_id, e.contact_id, kind, link, at, ip, user_agent, machine, "
                        + "proxied, r.domain FROM nm_track_event e LEFT JOIN nm_track_recipient r ON r.account_id = e.account_id "
                        + "AND r.delivery_id = e.delivery_id WHERE e.account_id = ? AND e.delivery_id = ? ORDER BY at, e.id",
                rs -> new TrackEvent(accountId, rs.getString("send_id"), deliveryId, rs.getString("contact_id"),
                        rs.getString("kind").equals("open"), rs.getInt("link"), Jdbc.instant(rs, "at"),
                        rs.getString("ip"), rs.getString("user_agent"), rs.getString("machine"),
                        rs.getBoolean("proxied"), rs.getString("domain")),
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
        return jdbc.inAccount(accountId, c -> {
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
        jdbc.system(c -> {
            insertEvents(c, sorted);
            // Rows are locked in key order, so that two nodes storing batches at once never deadlock.
            Map<Key, long[]> sends = new TreeMap<>();
            Map<Key, long[]> links = new TreeMap<>();
            Map<Key, List<TrackEvent>> byMessage = new TreeMap<>();
            Map<Key, List<TrackEvent>> byMessageLink = new TreeMap<>();
            Map<Key, long[]> hours = new TreeMap<>();
            Map<DomainKey, long[]> domains = new TreeMap<>();
            for (TrackEvent e : sorted) {
                long[] s = sends.computeIfAbsent(new Key(e.accountId(), e.sendId(), 0), k -> new long[SEND_COLUMNS.length]);
                long[] h = hour(hours, e);
                if (e.open()) {
                    s[OPENS]++;
                    s[e.human() ? HUMAN_OPENS : MACHINE_OPENS]++;
                    h[e.human() ? H_HUMAN_OPENS : H_MACHINE_OPENS]++;
                } else {
                    s[CLICKS]++;
                    s[e.human() ? HUMAN_CLICKS : MACHINE_CLICKS]++;
                    h[e.human() ? H_HUMAN_CLICKS : H_MACHINE_CLICKS]++;
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
            firsts(c, byMessage, sends, hours, domains);
            firstClicksOfLinks(c, byMessageLink, links);
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
            addToHours(c, hours);
            addToDomains(c, domains);
            return null;
        });
    }

    /** The counters of the hour of an event's send, created at zero. */
    private static long[] hour(Map<Key, long[]> hours, TrackEvent e) {
        return hours.computeIfAbsent(new Key(e.accountId(), e.sendId(), hourOf(e.at())), k -> new long[HOUR_COLUMNS.length]);
    }

    /**
     * The counters of the email domain of an event's message, created at zero: a throwaway array for a
     * message whose domain is not known (tracked before domains were kept; it counts as "other").
     */
    private static long[] domain(Map<DomainKey, long[]> domains, TrackEvent e) {
        return e.domain() == null ? new long[2]
                : domains.computeIfAbsent(new DomainKey(e.accountId(), e.sendId(), e.domain()), k -> new long[2]);
    }

    /** Adds to the counters of sends per email domain (rows created where missing, in key order). */
    private void addToDomains(Connection c, Map<DomainKey, long[]> domains) throws SQLException {
        if (domains.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (DomainKey k : domains.keySet()) {
            rows.add(new Object[] {k.account(), k.send(), k.domain()});
        }
        ensureAll(c, "nm_track_domain", new String[] {"account_id", "send_id", "domain"}, new String[0], rows);
        try (PreparedStatement update = c.prepareStatement("UPDATE nm_track_domain SET unique_human_opens = "
                + "unique_human_opens + ?, unique_human_clicks = unique_human_clicks + ? "
                + "WHERE account_id = ? AND send_id = ? AND domain = ?")) {
            for (Map.Entry<DomainKey, long[]> d : domains.entrySet()) {
                DomainKey k = d.getKey();
                Jdbc.bind(update, d.getValue()[0], d.getValue()[1], k.account(), k.send(), k.domain());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Hours since the epoch: the hour an instant falls in. */
    private static int hourOf(Instant at) {
        return (int) Math.floorDiv(at.getEpochSecond(), 3600L);
    }

    /** Adds to the hourly counters of sends (rows created where missing, in key order). */
    private void addToHours(Connection c, Map<Key, long[]> hours) throws SQLException {
        if (hours.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Key k : hours.keySet()) {
            rows.add(new Object[] {k.account(), k.id(), Instant.ofEpochSecond(k.number() * 3600L)});
        }
        ensureAll(c, "nm_track_hour", new String[] {"account_id", "send_id", "at_hour"}, new String[0], rows);
        StringBuilder sql = new StringBuilder("UPDATE nm_track_hour SET ");
        for (int i = 0; i < HOUR_COLUMNS.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(HOUR_COLUMNS[i]).append(" = ").append(HOUR_COLUMNS[i]).append(" + ?");
        }
        sql.append(" WHERE account_id = ? AND send_id = ? AND at_hour = ?");
        try (PreparedStatement update = c.prepareStatement(sql.toString())) {
            for (Map.Entry<Key, long[]> hour : hours.entrySet()) {
                Object[] params = new Object[HOUR_COLUMNS.length + 3];
                for (int i = 0; i < HOUR_COLUMNS.length; i++) {
                    params[i] = hour.getValue()[i];
                }
                Key k = hour.getKey();
                params[HOUR_COLUMNS.length] = k.account();
                params[HOUR_COLUMNS.length + 1] = k.id();
                params[HOUR_COLUMNS.length + 2] = Instant.ofEpochSecond(k.number() * 3600L);
                Jdbc.bind(update, params);
                update.addBatch();
            }
            update.executeBatch();
        }
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

    private static final String[] HOUR_COLUMNS = {"human_opens", "unique_human_opens", "machine_opens", "human_clicks",
            "unique_human_clicks", "machine_clicks", "unsubscribes"};
    private static final int H_HUMAN_OPENS = 0;
    private static final int H_UNIQUE_HUMAN_OPENS = 1;
    private static final int H_MACHINE_OPENS = 2;
    private static final int H_HUMAN_CLICKS = 3;
    private static final int H_UNIQUE_HUMAN_CLICKS = 4;
    private static final int H_MACHINE_CLICKS = 5;

    /** An account's row: a send or a message id, and a link number (0 where none applies). */
    private record Key(String account, String id, int number) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int a = account.compareTo(o.account);
            int b = a != 0 ? a : id.compareTo(o.id);
            return b != 0 ? b : Integer.compare(number, o.number);
        }
    }

    /** A send's email domain. */
    private record DomainKey(String account, String send, String domain) implements Comparable<DomainKey> {
        @Override
        public int compareTo(DomainKey o) {
            int a = account.compareTo(o.account);
            int b = a != 0 ? a : send.compareTo(o.send);
            return b != 0 ? b : domain.compareTo(o.domain);
        }
    }

    /** Events per {@code INSERT} statement: many rows a statement cost the database far less than a row each. */
    private static final int INSERT_ROWS = 250;
    private static final int EVENT_COLUMNS = 12;

    private static void insertEvents(Connection c, List<TrackEvent> events) throws SQLException {
        for (int from = 0; from < events.size(); from += INSERT_ROWS) {
            List<TrackEvent> chunk = events.subList(from, Math.min(events.size(), from + INSERT_ROWS));
            StringBuilder sql = new StringBuilder(80 + chunk.size() * 28).append("INSERT INTO nm_track_event (id, account_id, "
                    + "send_id, delivery_id, contact_id, kind, link, at, ip, user_agent, machine, proxied) VALUES ");
            Object[] params = new Object[chunk.size() * EVENT_COLUMNS];
            int p = 0;
            for (int i = 0; i < chunk.size(); i++) {
                TrackEvent e = chunk.get(i);
                sql.append(i == 0 ? "" : ", ").append('(').append(Jdbc.marks(EVENT_COLUMNS)).append(')');
                for (Object v : new Object[] {UUID.randomUUID().toString(), e.accountId(), e.sendId(), e.deliveryId(),
                        e.contactId(), e.open() ? "open" : "click", e.link(), e.at(), e.ip(), e.userAgent(), e.machine(),
                        e.proxied()}) {
                    params[p++] = v;
                }
            }
            Jdbc.update(c, sql.toString(), params);
        }
    }

    /** At most this many ids in one {@code IN} list. */
    private static final int IN_LIST = 500;

    /**
     * Updates the messages' first opens and clicks with their events of the batch (in time order), and
     * adds to the sends' unique counters for each first that is new. A few statements for the whole
     * batch: the rows are created where missing, read and locked, and updated where they changed.
     */
    private void firsts(Connection c, Map<Key, List<TrackEvent>> byMessage, Map<Key, long[]> sends,
                        Map<Key, long[]> hours, Map<DomainKey, long[]> domains) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (List<TrackEvent> events : byMessage.values()) {
            TrackEvent e = events.get(0);
            rows.add(new Object[] {e.accountId(), e.deliveryId(), e.sendId(), e.contactId(), e.domain()});
        }
        ensureAll(c, "nm_track_recipient", new String[] {"account_id", "delivery_id"},
                new String[] {"send_id", "contact_id", "domain"}, rows);
        Map<Key, Object[]> current = lockAll(c, "SELECT delivery_id, 0, first_open, first_click, first_human_open, "
                + "first_human_click, human FROM nm_track_recipient", byMessage.keySet(), rs -> new Object[] {
                    Jdbc.instant(rs, "first_open"), Jdbc.instant(rs, "first_click"), Jdbc.instant(rs, "first_human_open"),
                    Jdbc.instant(rs, "first_human_click"), rs.getBoolean("human")});
        try (PreparedStatement update = c.prepareStatement("UPDATE nm_track_recipient SET first_open = ?, "
                + "first_click = ?, first_human_open = ?, first_human_click = ?, human = ? "
                + "WHERE account_id = ? AND delivery_id = ?")) {
            for (Map.Entry<Key, List<TrackEvent>> message : byMessage.entrySet()) {
                Object[] row = current.get(message.getKey());
                Instant[] first = {(Instant) row[0], (Instant) row[1], (Instant) row[2], (Instant) row[3]};
                boolean human = (Boolean) row[4];
                Instant[] before = first.clone();
                boolean wasHuman = human;
                TrackEvent one = message.getValue().get(0);
                long[] send = sends.get(new Key(one.accountId(), one.sendId(), 0));
                for (TrackEvent e : message.getValue()) {
                    earliest(first, 0, e.at(), send, UNIQUE_OPENS);
                    if (!e.open()) {
                        earliest(first, 1, e.at(), send, UNIQUE_CLICKS);
                    }
                    if (e.human()) {
                        human = true;
                        if (earliest(first, 2, e.at(), send, UNIQUE_HUMAN_OPENS)) {
                            hour(hours, e)[H_UNIQUE_HUMAN_OPENS]++;
                            domain(domains, one)[0]++;
                        }
                        if (!e.open() && earliest(first, 3, e.at(), send, UNIQUE_HUMAN_CLICKS)) {
                            hour(hours, e)[H_UNIQUE_HUMAN_CLICKS]++;
                            domain(domains, one)[1]++;
                        }
                    }
                }
                if (!Arrays.equals(before, first) || wasHuman != human) {
                    Jdbc.bind(update, first[0], first[1], first[2], first[3], human, one.accountId(), one.deliveryId());
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    /**
     * Keeps the earliest time; the first one counts as a unique (in the hour of the hit that was stored
     * first: hits may be stored a little out of order). Answers whether it was the first.
     */
    private static boolean earliest(Instant[] first, int index, Instant at, long[] send, int unique) {
        if (first[index] == null) {
            first[index] = at;
            send[unique]++;
            return true;
        }
        if (at.isBefore(first[index])) {
            first[index] = at;
        }
        return false;
    }

    /** Records the first click of each message on each link, and counts the new ones as the links' unique clicks. */
    private void firstClicksOfLinks(Connection c, Map<Key, List<TrackEvent>> byMessageLink, Map<Key, long[]> links)
            throws SQLException {
        if (byMessageLink.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (List<TrackEvent> clicks : byMessageLink.values()) {
            TrackEvent e = clicks.get(0);
            rows.add(new Object[] {e.accountId(), e.deliveryId(), e.link(), e.sendId(), e.contactId()});
        }
        ensureAll(c, "nm_track_recipient_link", new String[] {"account_id", "delivery_id", "link"},
                new String[] {"send_id", "contact_id"}, rows);
        Map<Key, Object[]> current = lockAll(c, "SELECT delivery_id, link, first_click FROM nm_track_recipient_link",
                byMessageLink.keySet(), rs -> new Object[] {Jdbc.instant(rs, "first_click")});
        try (PreparedStatement update = c.prepareStatement("UPDATE nm_track_recipient_link SET first_click = ? "
                + "WHERE account_id = ? AND delivery_id = ? AND link = ?")) {
            for (Map.Entry<Key, List<TrackEvent>> clicks : byMessageLink.entrySet()) {
                Instant first = (Instant) current.get(clicks.getKey())[0];
                TrackEvent e = clicks.getValue().get(0);
                if (first == null || e.at().isBefore(first)) {
                    Jdbc.bind(update, e.at(), e.accountId(), e.deliveryId(), e.link());
                    update.addBatch();
                }
                if (first == null) {
                    links.get(new Key(e.accountId(), e.sendId(), e.link()))[1]++;
                }
            }
            update.executeBatch();
        }
    }

    /**
     * Reads and locks the rows of these (account, message, link) keys, a few hundred messages per
     * statement. {@code select} answers the message id and the link number (or 0) first.
     */
    private static Map<Key, Object[]> lockAll(Connection c, String select, Set<Key> keys, Jdbc.RowMapper<Object[]> mapper)
            throws SQLException {
        Map<String, Set<String>> byAccount = new TreeMap<>();
        for (Key k : keys) {
            byAccount.computeIfAbsent(k.account(), a -> new TreeSet<>()).add(k.id());
        }
        Map<Key, Object[]> rows = new HashMap<>();
        for (Map.Entry<String, Set<String>> account : byAccount.entrySet()) {
            List<String> ids = new ArrayList<>(account.getValue());
            for (int from = 0; from < ids.size(); from += IN_LIST) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
                Object[] params = new Object[chunk.size() + 1];
                params[0] = account.getKey();
                for (int i = 0; i < chunk.size(); i++) {
                    params[i + 1] = chunk.get(i);
                }
                for (Object[] row : Jdbc.list(c, select + " WHERE account_id = ? AND delivery_id IN ("
                        + Jdbc.marks(chunk.size()) + ") ORDER BY delivery_id FOR UPDATE", rs -> {
                            Object[] values = mapper.map(rs);
                            Object[] all = new Object[values.length + 2];
                            all[0] = rs.getString(1);
                            all[1] = rs.getInt(2);
                            System.arraycopy(values, 0, all, 2, values.length);
                            return all;
                        }, params)) {
                    Object[] values = Arrays.copyOfRange(row, 2, row.length);
                    rows.put(new Key(account.getKey(), (String) row[0], (Integer) row[1]), values);
                }
            }
        }
        return rows;
    }

    /** {@link #ensure} for many rows in one batch. */
    private void ensureAll(Connection c, String table, String[] keys, String[] others, List<Object[]> rows)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ensureSql(table, keys, others))) {
            for (Object[] row : rows) {
                Jdbc.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts the row with these key (and other) values unless it exists; the counters start at zero. */
    private void ensure(Connection c, String table, String[] keys, String[] others, Object... values) throws SQLException {
        Jdbc.update(c, ensureSql(table, keys, others), values);
    }

    private String ensureSql(String table, String[] keys, String[] others) {
        String keyList = String.join(", ", keys);
        String columns = others.length == 0 ? keyList : keyList + ", " + String.join(", ", others);
        String marks = Jdbc.marks(keys.length + others.length);
        return jdbc.postgres()
                ? "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT DO NOTHING"
                : "MERGE INTO " + table + " (" + columns + ") KEY (" + keyList + ") VALUES (" + marks + ")";
    }
}
