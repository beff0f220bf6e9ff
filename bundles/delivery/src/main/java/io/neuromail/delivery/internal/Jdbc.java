package io.neuromail.delivery.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Short JDBC transactions over the NeuroMail data source; SQL failures become unchecked. */
public final class Jdbc {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final boolean postgres;
    private final String url;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            this.url = c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("The database cannot be reached: " + e.getMessage(), e);
        }
    }

    /**
     * Makes every commit reach the database file before the commit returns. The embedded H2 keeps
     * committed changes in memory for up to half a second by default (WRITE_DELAY); a process killed
     * in that time would forget that a message was handed off or sent, and send it again. PostgreSQL
     * commits durably already. The H2 setting is persistent and applies to the whole database.
     */
    public void requireDurableCommits() {
        if (!postgres) {
            update("SET WRITE_DELAY 0");
        }
    }

    /** Whether the database is PostgreSQL (else the embedded H2). */
    public boolean postgres() {
        return postgres;
    }

    /** The database's JDBC URL, as the driver reports it. */
    public String url() {
        return url;
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    public <T> T tx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure: " + e.getMessage(), e);
        }
    }

    /**
     * Runs one statement on its own in auto-commit mode (one round trip, committed when it returns)
     * and answers the updated row count.
     */
    public int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return update(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure: " + e.getMessage(), e);
        }
    }

    /** Runs one statement on {@code c} and answers the updated row count. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Binds positional arguments. */
    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
