package io.neuromail.testing.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on the PostgreSQL server the tests use: 127.0.0.1:5432 (the host can be changed
 * with the system property {@value #HOST_PROPERTY}), user {@code postgres} without a password, as the
 * build's {@code services.sh} sets it up. Each instance creates a database with a unique name and
 * {@link #close()} drops it, even while connections are still open. When the server cannot be
 * reached, {@link #create(String)} fails with a message that says what is needed: PostgreSQL tests are
 * never skipped.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    /** The system property naming another host than 127.0.0.1. */
    public static final String HOST_PROPERTY = "neuromail.test.postgresql.host";

    private static final int PORT = 5432;
    private static final String USER = "postgres";

    private final String name;
    private volatile boolean dropped;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /**
     * Creates a database of its own for {@code purpose} (letters, digits and underscores, e.g.
     * {@code "contacts"}).
     */
    public static PostgresTestDatabase create(String purpose) throws SQLException {
        if (!purpose.matches("[A-Za-z0-9_]{1,24}")) {
            throw new IllegalArgumentException("purpose must be 1-24 letters, digits or underscores: " + purpose);
        }
        String name = "nm_" + purpose.toLowerCase(Locale.ROOT) + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is required for these tests: could not create database " + name + " on "
                    + host() + ":" + PORT + " as user '" + USER + "' without a password: " + e.getMessage(), e);
        }
        return new PostgresTestDatabase(name);
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** The JDBC URL of the database. */
    public String url() {
        return "jdbc:postgresql://" + host() + ":" + PORT + "/" + name;
    }

    /** The user that owns the database. */
    public String user() {
        return USER;
    }

    /** A data source without a pool: every {@code getConnection()} opens a connection. */
    public DataSource dataSource() {
        return dataSource(name);
    }

    /** Drops the database and ends every connection still open to it; a second call does nothing. */
    @Override
    public void close() throws SQLException {
        if (dropped) {
            return;
        }
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        dropped = true;
    }

    private static String host() {
        return System.getProperty(HOST_PROPERTY, "127.0.0.1");
    }

    private static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host()});
        ds.setPortNumbers(new int[] {PORT});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setConnectTimeout(5);
        return ds;
    }
}
