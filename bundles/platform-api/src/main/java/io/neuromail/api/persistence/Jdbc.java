package io.neuromail.api.persistence;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Plain JDBC on the NeuroMail data source, for set-based bulk work (imports, segments, exports, the
 * delivery ledger); small per-account settings use a JPA {@link PersistenceUnit} instead. Reached
 * through {@link Persistence#jdbc()}.
 * <p>
 * Every statement binds its values as parameters ({@link #bind}); a statement on an account's table
 * binds the account id too: EclipseLink's account scoping does not apply here.
 * <p>
 * Every transaction says whose rows it works on. {@link #inAccount} is one account's work (a
 * request, an import, an export): on PostgreSQL it runs as the account role, which row-level
 * security limits to that account's rows whatever the SQL says. {@link #system} is work that is no
 * single account's: global tables (users, sessions, the delivery ledger's leases) and background
 * work that crosses accounts (delivery workers, schedulers). It runs as the login role, which
 * row-level security does not limit, so it must bind the account id itself where it works on one.
 * Both commit when their work returns and roll back when it throws anything at all, an
 * {@link Error} included. SQL failures surface as the one unchecked {@link DataAccessException}.
 *
 * @since 1.3
 */
public final class Jdbc {

    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The setting that carries the current account to PostgreSQL's row-level security policies. */
    public static final String ACCOUNT_SETTING = "neuromail.account";

    private static final String SCOPE = "SELECT set_config('role', ?, true), set_config('" + ACCOUNT_SETTING + "', ?, true)";

    private final DataSource dataSource;
    private final boolean postgres;
    private final String url;
    private final String accountRole;

    /**
     * Reads the database product and URL once from a connection of {@code dataSource}. Account
     * work runs as the login role, with no row-level security (for tests and tools).
     */
    public Jdbc(DataSource dataSource) {
        this(dataSource, null);
    }

    /**
     * As {@link #Jdbc(DataSource)}; on PostgreSQL, {@link #inAccount} work runs as {@code accountRole}
     * (a role without {@code BYPASSRLS} that the login role may switch to).
     *
     * @since 2.0
     */
    public Jdbc(DataSource dataSource, String accountRole) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            this.url = c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        this.accountRole = postgres && accountRole != null && !accountRole.isBlank() ? accountRole : null;
    }

    /** Whether the database is PostgreSQL (else the embedded H2). */
    public boolean postgres() {
        return postgres;
    }

    /** The database's JDBC URL, as the driver reports it. */
    public String url() {
        return url;
    }

    /** The pool itself, for a driver-specific bulk path (PostgreSQL {@code COPY}); prefer {@link #tx}. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs one account's {@code work} in one transaction. On PostgreSQL the transaction acts as the
     * account role with {@code accountId} as its account, so row-level security shows and accepts
     * only that account's rows; both settings end with the transaction.
     *
     * @since 2.0
     */
    public <T> T inAccount(String accountId, Work<T> work) {
        requireAccount(accountId);
        return system(c -> {
            scope(c, accountId);
            return work.run(c);
        });
    }

    /**
     * Makes the transaction open on {@code c} act for {@code accountId} (see {@link #inAccount}),
     * for a connection that does not come from {@link #inAccount}: an EntityManager's, or one taken
     * from {@link #dataSource()} for a driver-specific bulk path. {@code c} must not be in
     * auto-commit mode. Does nothing on H2.
     *
     * @since 2.0
     */
    public void scope(Connection c, String accountId) throws SQLException {
        requireAccount(accountId);
        if (accountRole == null) {
            return;
        }
        if (c.getAutoCommit()) {
            throw new IllegalStateException("an account's work needs a transaction");
        }
        try (PreparedStatement ps = c.prepareStatement(SCOPE)) {
            ps.setString(1, accountRole);
            ps.setString(2, accountId);
            ps.executeQuery().close();
        }
    }

    /** The role account work acts as on PostgreSQL, if row-level security is on. @since 2.0 */
    public Optional<String> accountRole() {
        return Optional.ofNullable(accountRole);
    }

    private static void requireAccount(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("an account id is required");
        }
    }

    /**
     * Runs {@code work} in one transaction as the login role, which row-level security does not
     * limit: for global tables and for background work that crosses accounts (see the class
     * comment). Committed when it returns, rolled back when it throws anything (a failed rollback is
     * added to the original failure as suppressed).
     *
     * @since 2.0
     */
    public <T> T system(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Runs one statement on its own in auto-commit mode (one round trip, committed when it returns)
     * as the login role, like {@link #system}, and answers the updated row count.
     */
    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return update(c, sql, params);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> rows = list(c, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public static long count(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs one statement on {@code c} and answers the updated row count. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** Binds positional parameters by their Java type; {@link Instant}s become UTC timestamps. */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bindOne(ps, i + 1, params[i]);
        }
    }

    public static void bindOne(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof LocalDate date) {
            ps.setObject(index, date);
        } else if (value instanceof BigDecimal number) {
            ps.setBigDecimal(index, number);
        } else {
            ps.setObject(index, value);
        }
    }

    /** A timestamp column as an {@link Instant}, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** "?, ?, ?" for an IN list of {@code n} parameters. */
    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
