package io.neuromail.identity.internal.chain;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.persistence.DataAccessException;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.identity.internal.chain.ChainVerifier.Head;

/**
 * The SQL of the chain, on a connection inside the caller's transaction. Every statement binds the
 * account id. The head row ({@code nm_activity_head}) is the per-account lock: whoever holds it
 * ({@code SELECT ... FOR UPDATE}, on H2 and PostgreSQL alike) is the only writer of that account's
 * chain until the transaction ends, on every node.
 */
public final class ChainTables {

    /** Entries read or sealed per statement. */
    public static final int PAGE = 500;

    private static final int HEAD_RACE_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ChainTables.class);
    private static final String COLUMNS = "id, account_id, chain_position, seq, type, occurred_at, user_id, api_key_id,"
            + " ip, user_agent, details, prev_hash, hash";

    private static final Jdbc.RowMapper<Head> HEAD = rs -> new Head(rs.getLong(1), rs.getString(2));

    private ChainTables() {
    }

    /** Work done while holding an account's head lock. */
    @FunctionalInterface
    public interface HeadWork<T> {
        T run(Connection c, Head head) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that holds the account's head lock ({@link #lockHead}). The
     * first writes of a new account race for its head row; the losers fail on its primary key (SQL
     * state 23505) and run again, then finding the row.
     */
    public static <T> T underHead(Jdbc jdbc, String accountId, HeadWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inAccount(accountId, c -> work.run(c, lockHead(c, accountId)));
            } catch (DataAccessException e) {
                if (attempt >= HEAD_RACE_ATTEMPTS || !"23505".equals(e.sqlState())) {
                    throw e;
                }
                LOG.debug("Another writer made the activity head of account {} first; trying again", accountId);
            }
        }
    }

    /**
     * Locks the account's head and answers it. An account without one gets it now: after the last
     * chained entry if there is one (the head row was lost; logged), else after sealing the entries
     * written before the chain existed, oldest first. Two first writers race on the head's primary
     * key: the loser fails with SQL state 23505 ({@link #underHead} runs it again).
     */
    public static Head lockHead(Connection c, String accountId) throws SQLException {
        Optional<Head> head = Jdbc.one(c, "SELECT chain_position, hash FROM nm_activity_head WHERE account_id = ? FOR UPDATE",
                HEAD, accountId);
        if (head.isPresent()) {
            return head.get();
        }
        Optional<Head> lastChained = Jdbc.one(c, "SELECT chain_position, hash FROM nm_activity WHERE account_id = ?"
                + " AND chain_position IS NOT NULL ORDER BY chain_position DESC LIMIT 1",
                HEAD, accountId);
        Head start = lastChained.orElse(new Head(0, ActivityChain.GENESIS));
        Jdbc.update(c, "INSERT INTO nm_activity_head (account_id, chain_position, hash) VALUES (?, ?, ?)",
                accountId, start.position(), start.hash());
        if (lastChained.isPresent()) {
            // Entries without a place here were added behind the log's back: verification reports them.
            LOG.warn("The activity chain head of account {} was missing; it continues after position {}",
                    accountId, start.position());
            return start;
        }
        Head sealed = sealUnchained(c, accountId, start);
        if (sealed.position() > 0) {
            LOG.info("Sealed {} activity entries of account {} written before the chain", sealed.position(), accountId);
            moveHead(c, accountId, sealed);
        }
        return sealed;
    }

    public static void moveHead(Connection c, String accountId, Head head) throws SQLException {
        Jdbc.update(c, "UPDATE nm_activity_head SET chain_position = ?, hash = ? WHERE account_id = ?",
                head.position(), head.hash(), accountId);
    }

    /** Appends {@code e} (its position, previous hash and hash already set) and moves the head to it. */
    public static void append(Connection c, ActivityChain.Entry e) throws SQLException {
        Jdbc.update(c, "INSERT INTO nm_activity (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(), e.accountId(), e.position(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(),
                e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash());
        moveHead(c, e.accountId(), new Head(e.position(), e.hash()));
    }

    /** Up to {@link #PAGE} chained entries after {@code after} up to {@code upTo}, in position order. */
    public static List<ActivityChain.Entry> entries(Connection c, String accountId, long after, long upTo) throws SQLException {
        return Jdbc.list(c, "SELECT " + COLUMNS + " FROM nm_activity WHERE account_id = ? AND chain_position > ?"
                + " AND chain_position <= ? ORDER BY chain_position LIMIT " + PAGE, ChainTables::entry, accountId, after, upTo);
    }

    /** The id of an entry outside the chain, if any. */
    public static Optional<String> unchained(Connection c, String accountId) throws SQLException {
        return Jdbc.one(c, "SELECT id FROM nm_activity WHERE account_id = ? AND chain_position IS NULL"
                + " ORDER BY occurred_at, seq, id LIMIT 1", rs -> rs.getString(1), accountId);
    }

    public static boolean hashInChain(Connection c, String accountId, String hash) throws SQLException {
        return Jdbc.count(c, "SELECT COUNT(*) FROM nm_activity WHERE account_id = ? AND hash = ?", accountId, hash) > 0;
    }

    public static Optional<Head> head(Connection c, String accountId) throws SQLException {
        return Jdbc.one(c, "SELECT chain_position, hash FROM nm_activity_head WHERE account_id = ?",
                HEAD, accountId);
    }

    public static Optional<Checkpoint> checkpoint(Connection c, String accountId) throws SQLException {
        return Jdbc.one(c, "SELECT chain_position, hash, pruned_at, key_id, signature FROM nm_activity_checkpoint"
                + " WHERE account_id = ?", rs -> new Checkpoint(accountId, rs.getLong(1), rs.getString(2),
                        Jdbc.instant(rs, "pruned_at"), rs.getString(4), rs.getString(5)), accountId);
    }

    /** Replaces the account's checkpoint; the caller holds the head lock. */
    public static void saveCheckpoint(Connection c, Checkpoint cp) throws SQLException {
        int updated = Jdbc.update(c, "UPDATE nm_activity_checkpoint SET chain_position = ?, hash = ?, pruned_at = ?,"
                + " key_id = ?, signature = ? WHERE account_id = ?",
                cp.position(), cp.hash(), cp.prunedAt(), cp.keyId(), cp.signature(), cp.accountId());
        if (updated == 0) {
            Jdbc.update(c, "INSERT INTO nm_activity_checkpoint (account_id, chain_position, hash, pruned_at, key_id, signature)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", cp.accountId(), cp.position(), cp.hash(), cp.prunedAt(), cp.keyId(),
                    cp.signature());
        }
    }

    /** Accounts whose entries predate the chain (no head yet). */
    public static List<String> accountsToSeal(Connection c) throws SQLException {
        return Jdbc.list(c, "SELECT DISTINCT a.account_id FROM nm_activity a WHERE a.chain_position IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM nm_activity_head h WHERE h.account_id = a.account_id)",
                rs -> rs.getString(1));
    }

    /** Every account with a chain, in id order (all that have entries, once sealed at start). */
    public static List<String> accountsWithChain(Connection c) throws SQLException {
        return Jdbc.list(c, "SELECT account_id FROM nm_activity_head ORDER BY account_id", rs -> rs.getString(1));
    }

    /** Every account with a chain or with entries, in id order (a full scan: for the operator's check). */
    public static List<String> accounts(Connection c) throws SQLException {
        return Jdbc.list(c, "SELECT account_id FROM nm_activity_head UNION SELECT DISTINCT account_id FROM nm_activity"
                + " ORDER BY 1", rs -> rs.getString(1));
    }

    private static Head sealUnchained(Connection c, String accountId, Head from) throws SQLException {
        Head head = from;
        while (true) {
            List<ActivityChain.Entry> page = Jdbc.list(c, "SELECT " + COLUMNS + " FROM nm_activity WHERE account_id = ?"
                    + " AND chain_position IS NULL ORDER BY occurred_at, seq, id LIMIT " + PAGE, ChainTables::entry, accountId);
            for (ActivityChain.Entry legacy : page) {
                ActivityChain.Entry placed = legacy.placed(head.position() + 1, head.hash());
                Jdbc.update(c, "UPDATE nm_activity SET chain_position = ?, prev_hash = ?, hash = ? WHERE account_id = ? AND id = ?",
                        placed.position(), placed.prevHash(), placed.hash(), accountId, placed.id());
                head = new Head(placed.position(), placed.hash());
            }
            if (page.size() < PAGE) {
                return head;
            }
        }
    }

    private static ActivityChain.Entry entry(ResultSet rs) throws SQLException {
        long position = rs.getLong("chain_position");
        return new ActivityChain.Entry(rs.getString("account_id"), rs.wasNull() ? 0 : position, rs.getString("id"),
                rs.getLong("seq"), rs.getString("type"), Jdbc.instant(rs, "occurred_at"), rs.getString("user_id"),
                rs.getString("api_key_id"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("details"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
