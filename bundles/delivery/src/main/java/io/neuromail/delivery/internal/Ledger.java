package io.neuromail.delivery.internal;

import static io.neuromail.delivery.internal.DeliveryState.FAILED;
import static io.neuromail.delivery.internal.DeliveryState.HANDED_OFF;
import static io.neuromail.delivery.internal.DeliveryState.QUEUED;
import static io.neuromail.delivery.internal.DeliveryState.SENT;
import static io.neuromail.delivery.internal.DeliveryState.UNCERTAIN;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.neuromail.api.persistence.Jdbc;

/**
 * The per-recipient ledger's state machine in SQL. Every transition is one conditional statement, so
 * a row moves only from the state (and lease) the caller saw: a row is handed off at most once per
 * time it is queued, whatever runs concurrently on this or another node.
 *
 * <p>Claims of queued rows are leases: on PostgreSQL they are written to the rows, so that several
 * nodes share a send; the embedded H2 database belongs to one process, which keeps its leases in
 * memory ({@link ProcessLeases}) and writes a row only when it is handed off.
 */
public final class Ledger {

    /** A row that may be claimed now (now, now), whatever its send's state. */
    private static final String DUE = "d.state = 'queued' AND d.next_attempt_at <= ? "
            + "AND (d.lease_until IS NULL OR d.lease_until < ?)";
    private static final String CLAIMABLE = DUE + " AND s.state = 'running'";
    /** On H2, "d.state" first: with it the claim index (state, next_attempt_at) gives the order, no sort is needed. */
    private static final String CLAIM_ORDER = " ORDER BY d.state, d.next_attempt_at LIMIT ?";
    /**
     * The claim on PostgreSQL (owner, lease end, now, now, limit, limit): from each running send, its
     * first due rows in the order of the (send, state, due) index; the first {@code limit} of those,
     * oldest due first. Each send's rows are read in index order whatever the planner's estimates:
     * joined to the running sends instead, a large send's queued rows were all read through the
     * (send, state) index and sorted for every claim (75-105 ms per claim of 100 with 65,000 left).
     * With several running sends, rows locked but not among the first {@code limit} stay locked only
     * until this short transaction ends; other claimers skip them meanwhile.
     */
    static final String CLAIM_SKIP_LOCKED = "UPDATE nm_delivery SET lease_owner = ?, lease_until = ? WHERE id IN ("
            + "SELECT q.id FROM nm_delivery_send s CROSS JOIN LATERAL (SELECT d.id, d.next_attempt_at FROM nm_delivery d "
            + "WHERE d.send_id = s.id AND " + DUE + " ORDER BY d.next_attempt_at LIMIT ? "
            + "FOR UPDATE SKIP LOCKED) q WHERE s.state = 'running' ORDER BY q.next_attempt_at LIMIT ?) "
            + "RETURNING id, account_id, send_id, recipient, personalisation, attempts, next_attempt_at, contact_id";
    private static final String CLAIM_COLUMNS = "d.id, d.account_id, d.send_id, d.recipient, d.personalisation, d.attempts, "
            + "d.contact_id";

    private static final String HAND_OFF = "UPDATE nm_delivery SET state = 'handed_off', attempts = attempts + 1, "
            + "sender_name = ?, lease_until = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND lease_owner = ? "
            + "AND lease_until >= ? AND EXISTS (SELECT 1 FROM nm_delivery_send s WHERE s.id = nm_delivery.send_id "
            + "AND s.state = 'running')";
    /** The hand-off of a row whose lease this process holds in memory ({@link ProcessLeases}). */
    private static final String HAND_OFF_HELD = "UPDATE nm_delivery SET state = 'handed_off', "
            + "attempts = attempts + 1, sender_name = ?, lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ? "
            + "AND state = 'queued' AND (lease_until IS NULL OR lease_until < ?) AND EXISTS (SELECT 1 "
            + "FROM nm_delivery_send s WHERE s.id = nm_delivery.send_id AND s.state = 'running')";
    /** The statement recording an answer, by the state it moves the row to. */
    private static final Map<String, String> RECORD = Map.of(
            SENT, "UPDATE nm_delivery SET state = '" + SENT + "', provider_id = ?, lease_owner = NULL, "
                    + "lease_until = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? "
                    + "AND state IN ('" + HANDED_OFF + "', '" + UNCERTAIN + "')",
            FAILED, "UPDATE nm_delivery SET state = '" + FAILED + "', lease_owner = NULL, lease_until = NULL, "
                    + "last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ? AND state IN ('" + HANDED_OFF
                    + "', '" + UNCERTAIN + "')",
            QUEUED, "UPDATE nm_delivery SET state = '" + QUEUED + "', next_attempt_at = ?, lease_owner = NULL, "
                    + "lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ? "
                    + "AND state = '" + HANDED_OFF + "'",
            UNCERTAIN, "UPDATE nm_delivery SET state = '" + UNCERTAIN + "', lease_owner = NULL, lease_until = NULL, "
                    + "last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ? AND state = '" + HANDED_OFF + "'");

    /** Orders the claimers of the embedded database, which only this process opens. */
    private static final Object CLAIM_LOCK = new Object();

    private final Jdbc jdbc;
    /** The leases of queued rows on the embedded database; null on PostgreSQL, where rows hold them. */
    private final ProcessLeases leases;

    public Ledger(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.leases = jdbc.postgres() ? null : ProcessLeases.of(jdbc.url());
    }

    /**
     * Claims up to {@code limit} queued rows of running sends for {@code owner} until {@code leaseUntil}.
     * On PostgreSQL: {@code FOR UPDATE SKIP LOCKED} in one short transaction, so concurrent claimers
     * take disjoint rows without waiting. On H2: the first due rows nobody in this process holds.
     */
    public List<Claim> claim(String owner, int limit, long now, long leaseUntil) {
        return leases == null ? claimSkipLocked(owner, limit, now, leaseUntil) : claimInProcess(owner, limit, now,
                leaseUntil);
    }

    private List<Claim> claimSkipLocked(String owner, int limit, long now, long leaseUntil) {
        // One statement: the rows are locked (skipping those other claimers hold), leased and returned.
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLAIM_SKIP_LOCKED)) {
                Jdbc.bind(ps, owner, leaseUntil, now, now, limit, limit);
                List<long[]> order = new ArrayList<>();
                List<Claim> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Claim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getString(8)));
                        order.add(new long[] {rs.getLong(7), rows.size() - 1});
                    }
                }
                // RETURNING keeps no order: the oldest due first, as claimed.
                order.sort(java.util.Comparator.comparingLong(o -> o[0]));
                List<Claim> sorted = new ArrayList<>(rows.size());
                order.forEach(o -> sorted.add(rows.get((int) o[1])));
                return sorted;
            }
        });
    }

    private List<Claim> claimInProcess(String owner, int limit, long now, long leaseUntil) {
        // Claimers take turns, so no two take the same row. Rows held by others are read and skipped:
        // they are at most what the workers hold, and reading a row costs far less than writing it.
        synchronized (CLAIM_LOCK) {
            int held = leases.prune(now);
            List<Claim> candidates = jdbc.system(c -> select(c, "SELECT " + CLAIM_COLUMNS
                    + " FROM nm_delivery d JOIN nm_delivery_send s ON s.id = d.send_id WHERE " + CLAIMABLE
                    + CLAIM_ORDER, now, now, limit + held));
            return leases.take(candidates, limit, owner, now, leaseUntil);
        }
    }

    private static List<Claim> select(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Claim> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Claim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getString(7)));
                }
                return rows;
            }
        }
    }

    /**
     * Marks a claimed row handed off to {@code sender}, committed before the sender is called. Fails
     * (answers false) when the lease expired or was lost, or the send is no longer running.
     */
    public boolean handOff(Claim row, String owner, String sender, long now, long handoffLeaseUntil) {
        return !handOff(List.of(row), owner, sender, now, handoffLeaseUntil).isEmpty();
    }

    /**
     * Marks claimed rows handed off to {@code sender} in one transaction, committed before the sender
     * is called for any of them; answers the rows that were handed off, in their order. A row whose
     * lease expired or was lost, or whose send is no longer running, is left out.
     */
    public List<Claim> handOff(List<Claim> rows, String owner, String sender, long now, long handoffLeaseUntil) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Claim> handed = jdbc.system(c -> handOff(c, rows, owner, sender, now, handoffLeaseUntil));
        endLeases(handed, owner);
        return handed;
    }

    /** After the commit that handed them off or gave them back: the rows' in-memory leases end. */
    private void endLeases(Collection<Claim> rows, String owner) {
        if (leases != null && !rows.isEmpty()) {
            leases.end(rows, owner);
        }
    }

    /** Send slots for claimed rows and, when they were due at once, the rows handed off with them. */
    public record Scheduled(RateSlots.Slots slots, List<Claim> handedOff) {
        /** Whether the rows still wait for their hand-off (their slots lie ahead). */
        public boolean waiting() {
            return handedOff == null;
        }
    }

    /**
     * Rows to hand off to {@code sender}: a group commit ({@link #commitGroup}) claims a send slot for
     * each and, when the first is due within {@code dueWithinMicros}, hands them off in the same
     * transaction. Rows whose slots lie further ahead are not handed off ({@link Scheduled#waiting()}):
     * a crash while they wait must not make them uncertain.
     */
    public record HandOffRequest(List<Claim> rows, String owner, String sender, long now, long handoffLeaseUntil,
                                 double maxPerSecond, long nowMicros, long dueWithinMicros) {
    }


    /** A send slot of {@code sender} for one call that missed its own. */
    public record SlotRequest(String sender, double maxPerSecond) {
    }

    /** What a group commit gave: each hand-off request's result, and each slot request's slot (epoch µs). */
    public record GroupResult(List<Scheduled> scheduled, List<Long> slots) {
    }

    /**
     * One group commit with the clock read when slots are claimed: a request waited for its group and
     * for the answers recorded before it, and slots counted from when it was made would be due already
     * when its worker hears of them. The slot requests of one sender share one update of its slot row.
     * Answers what each request got, in their order. Call {@link RateSlots#ensure} for their senders first.
     */
    public GroupResult commitGroup(List<Answer> answers, List<HandOffRequest> requests, List<SlotRequest> slotRequests,
                                   RateSlots rates, java.util.function.LongSupplier nowMicros) {
        if (answers.isEmpty() && requests.isEmpty() && slotRequests.isEmpty()) {
            return new GroupResult(List.of(), List.of());
        }
        GroupResult results = jdbc.system(c -> {
            record(c, answers);
            List<Scheduled> scheduled = new ArrayList<>(requests.size());
            for (HandOffRequest request : requests) {
                long now = Math.max(request.nowMicros(), nowMicros.getAsLong());
                scheduled.add(schedule(c, now == request.nowMicros() ? request : new HandOffRequest(request.rows(),
                        request.owner(), request.sender(), request.now(), request.handoffLeaseUntil(),
                        request.maxPerSecond(), now, request.dueWithinMicros()), rates));
            }
            Long[] slots = new Long[slotRequests.size()];
            java.util.Map<SlotRequest, List<Integer>> bySender = new java.util.LinkedHashMap<>();
            for (int i = 0; i < slotRequests.size(); i++) {
                bySender.computeIfAbsent(slotRequests.get(i), k -> new ArrayList<>()).add(i);
            }
            for (java.util.Map.Entry<SlotRequest, List<Integer>> e : bySender.entrySet()) {
                List<Integer> asked = e.getValue();
                RateSlots.Slots claimed = rates.claim(c, e.getKey().sender(), e.getKey().maxPerSecond(), asked.size(),
                        Math.max(0, nowMicros.getAsLong()));
                for (int j = 0; j < asked.size(); j++) {
                    slots[asked.get(j)] = claimed.at(j);
                }
            }
            return new GroupResult(scheduled, List.of(slots));
        });
        for (int i = 0; i < results.scheduled().size(); i++) {
            if (!results.scheduled().get(i).waiting()) {
                endLeases(results.scheduled().get(i).handedOff(), requests.get(i).owner());
            }
        }
        return results;
    }

    private Scheduled schedule(Connection c, HandOffRequest r, RateSlots rates) throws SQLException {
        RateSlots.Slots slots = rates.claim(c, r.sender(), r.maxPerSecond(), r.rows().size(), r.nowMicros());
        if (slots.firstMicros() - r.nowMicros() > r.dueWithinMicros()) {
            return new Scheduled(slots, null);
        }
        return new Scheduled(slots, handOff(c, r.rows(), r.owner(), r.sender(), r.now(), r.handoffLeaseUntil()));
    }

    private List<Claim> handOff(Connection c, List<Claim> rows, String owner, String sender, long now,
                                long handoffLeaseUntil) throws SQLException {
        if (leases == null) {
            return updateEach(c, HAND_OFF, rows, row -> new Object[] {sender, handoffLeaseUntil, now, row.id(), owner,
                    now});
        }
        List<Claim> held = rows.stream().filter(row -> leases.holds(row.id(), owner, now)).toList();
        return held.isEmpty() ? held : updateEach(c, HAND_OFF_HELD, held,
                row -> new Object[] {sender, owner, handoffLeaseUntil, now, row.id(), now});
    }

    /** Runs a conditional update once per row, in one batch; answers the rows it changed, in order. */
    private static List<Claim> updateEach(Connection c, String sql, List<Claim> rows,
                                          java.util.function.Function<Claim, Object[]> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Claim row : rows) {
                Jdbc.bind(ps, args.apply(row));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Claim> changed = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                if (counts[i] == 1) {
                    changed.add(rows.get(i));
                }
            }
            return changed;
        }
    }

    /**
     * Puts rows handed off by {@code owner} but never given to the sender (the node is stopping)
     * back in the queue, as if they had never been handed off.
     */
    public int unhandOff(Collection<Claim> rows, String owner, long now) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE nm_delivery SET state = '" + QUEUED + "', "
                    + "attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? "
                    + "AND lease_owner = ? AND state = '" + HANDED_OFF + "'")) {
                for (Claim row : rows) {
                    Jdbc.bind(ps, now, row.id(), owner);
                    ps.addBatch();
                }
                return positive(ps.executeBatch());
            }
        });
    }

    /** Records the provider's acceptance. */
    public boolean sent(String id, String owner, String providerId, long now) {
        return jdbc.update(RECORD.get(SENT), truncate(providerId, 500), now, id, owner) == 1;
    }

    /** Records a permanent failure. */
    public boolean failed(String id, String owner, String reason, long now) {
        return jdbc.update(RECORD.get(FAILED), truncate(reason, 1000), now, id, owner) == 1;
    }

    /** Puts a handed-off row back in the queue after a transient failure, due at {@code nextAttemptAt}. */
    public boolean retry(String id, String owner, String reason, long nextAttemptAt, long now) {
        return jdbc.update(RECORD.get(QUEUED), nextAttemptAt, truncate(reason, 1000), now, id, owner) == 1;
    }

    /** Marks a handed-off row uncertain: the sender's answer is unknown (it threw). */
    public boolean uncertain(String id, String owner, String reason, long now) {
        return jdbc.update(RECORD.get(UNCERTAIN), truncate(reason, 1000), now, id, owner) == 1;
    }

    /**
     * Records many senders' answers in one transaction (one batched statement per kind of answer);
     * each row moves only as its single-answer method above would move it. Answers how many rows moved.
     */
    public int record(List<Answer> answers) {
        if (answers.isEmpty()) {
            return 0;
        }
        return jdbc.system(c -> record(c, answers));
    }

    private int record(Connection c, List<Answer> answers) throws SQLException {
        int moved = 0;
        for (String state : List.of(SENT, FAILED, QUEUED, UNCERTAIN)) {
            List<Answer> mine = answers.stream().filter(a -> a.state().equals(state)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            if (SENT.equals(state) && jdbc.postgres()) {
                moved += recordSent(c, mine);
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(RECORD.get(state))) {
                for (Answer a : mine) {
                    if (QUEUED.equals(state)) {
                        Jdbc.bind(ps, a.nextAttemptAt(), truncate(a.text(), 1000), a.now(), a.id(), a.owner());
                    } else {
                        Jdbc.bind(ps, truncate(a.text(), SENT.equals(state) ? 500 : 1000), a.now(), a.id(), a.owner());
                    }
                    ps.addBatch();
                }
                moved += positive(ps.executeBatch());
            }
        }
        return moved;
    }

    /** On PostgreSQL, the sent rows of a group in one statement per lease owner. */
    private static int recordSent(Connection c, List<Answer> sent) throws SQLException {
        int moved = 0;
        Map<String, List<Answer>> byOwner = new java.util.LinkedHashMap<>();
        sent.forEach(a -> byOwner.computeIfAbsent(a.owner(), o -> new ArrayList<>()).add(a));
        try (PreparedStatement ps = c.prepareStatement("UPDATE nm_delivery d SET state = '" + SENT + "', "
                + "provider_id = a.provider, lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = a.at "
                + "FROM unnest(?::varchar[], ?::varchar[], ?::bigint[]) AS a(id, provider, at) WHERE d.id = a.id "
                + "AND d.lease_owner = ? AND d.state IN ('" + HANDED_OFF + "', '" + UNCERTAIN + "')")) {
            for (Map.Entry<String, List<Answer>> group : byOwner.entrySet()) {
                List<Answer> mine = group.getValue();
                Jdbc.bind(ps, c.createArrayOf("varchar", mine.stream().map(Answer::id).toArray()),
                        c.createArrayOf("varchar", mine.stream().map(a -> truncate(a.text(), 500)).toArray()),
                        c.createArrayOf("bigint", mine.stream().map(Answer::now).toArray()), group.getKey());
                moved += ps.executeUpdate();
            }
        }
        return moved;
    }

    private static int positive(int[] counts) {
        int sum = 0;
        for (int n : counts) {
            sum += Math.max(n, 0);
        }
        return sum;
    }

    /** Gives claimed, not handed-off rows back to the queue, due at {@code nextAttemptAt}. */
    public int release(Collection<Claim> rows, String owner, long nextAttemptAt, String reason, long now) {
        return endClaims(rows, owner, now, "next_attempt_at = ?, last_error = COALESCE(?, last_error)", nextAttemptAt,
                reason);
    }

    /**
     * Ends claimed, not handed-off rows as {@code suppressed}: their addresses went on the suppression
     * list after the send was created. They are never handed off.
     */
    public int suppress(Collection<Claim> rows, String owner, String reason, long now) {
        return endClaims(rows, owner, now, "state = '" + DeliveryState.SUPPRESSED + "', last_error = ?", reason);
    }

    /** Changes claimed, queued rows ({@code set} with {@code setArgs}) and ends their claims. */
    private int endClaims(Collection<Claim> rows, String owner, long now, String set, Object... setArgs) {
        if (rows.isEmpty()) {
            return 0;
        }
        if (leases == null) {
            return jdbc.system(c -> updateEach(c, "UPDATE nm_delivery SET lease_owner = NULL, lease_until = NULL, " + set
                    + ", updated_at = ? WHERE id = ? AND lease_owner = ? AND state = '" + QUEUED + "'", List.copyOf(rows),
                    row -> args(setArgs, now, row.id(), owner))).size();
        }
        List<Claim> held = rows.stream().filter(row -> leases.holds(row.id(), owner, now)).toList();
        if (held.isEmpty()) {
            return 0;
        }
        int changed = jdbc.system(c -> updateEach(c, "UPDATE nm_delivery SET " + set + ", updated_at = ? WHERE id = ? "
                + "AND state = '" + QUEUED + "'", held, row -> args(setArgs, now, row.id()))).size();
        endLeases(held, owner);
        return changed;
    }

    private static Object[] args(Object[] first, Object... then) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }

    /**
     * Rows handed off whose lease expired (the node stopped, or the sender never answered) become
     * uncertain: they are reported and only resent on a user's request.
     */
    public int expireHandOffs(long now) {
        return jdbc.update("UPDATE nm_delivery SET state = '" + UNCERTAIN + "', last_error = ?, lease_owner = NULL, "
                + "lease_until = NULL, updated_at = ? WHERE state = '" + HANDED_OFF + "' AND lease_until < ?",
                "handed to the sender, but its answer was never recorded", now, now);
    }

    /**
     * At start-up: what an earlier run of this node left handed off becomes uncertain at once, and its
     * claims of queued rows are released.
     */
    public int[] recoverNode(String nodePrefix, long now) {
        String like = nodePrefix.replace("%", "") + "%";
        int uncertain = jdbc.update("UPDATE nm_delivery SET state = '" + UNCERTAIN + "', last_error = ?, "
                + "lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE state = '" + HANDED_OFF
                + "' AND lease_owner LIKE ?", "handed to the sender when NeuroMail stopped; its answer is unknown", now,
                like);
        int released = jdbc.update("UPDATE nm_delivery SET lease_owner = NULL, lease_until = NULL WHERE state = '"
                + QUEUED + "' AND lease_owner LIKE ?", like);
        if (leases != null) {
            released += leases.endOwners(nodePrefix);
        }
        return new int[] {uncertain, released};
    }

    /** Marks running sends with nothing queued or handed off as finished. */
    public int finishSends(long now) {
        return jdbc.update("UPDATE nm_delivery_send SET state = 'finished', finished_at = ?, updated_at = ? "
                + "WHERE state = 'running' AND NOT EXISTS (SELECT 1 FROM nm_delivery d WHERE d.send_id = nm_delivery_send.id "
                + "AND d.state IN ('" + QUEUED + "', '" + HANDED_OFF + "'))", now, now);
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
