package io.neuromail.tracking.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The tracking tables on PostgreSQL. Needs a server on 127.0.0.1:5432 that accepts user
 * {@code postgres} without a password; the class creates and drops its own database, and fails when
 * the server is not there.
 */
class TrackingStorePostgresTest extends TrackingStoreContract {

    private String database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = "nm_tracking_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is required for these tests (127.0.0.1:5432, user postgres): "
                    + e.getMessage(), e);
        }
        return dataSource(database);
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    private static PGSimpleDataSource dataSource(String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {5432});
        ds.setDatabaseName(name);
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        return ds;
    }
}
