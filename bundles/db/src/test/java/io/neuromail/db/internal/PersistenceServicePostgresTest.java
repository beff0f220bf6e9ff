package io.neuromail.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Account isolation on PostgreSQL, the production database. Needs a server on 127.0.0.1:5432 that
 * accepts user {@code postgres} without a password; each run creates and drops its own database.
 * Without that server these tests fail: isolation on PostgreSQL is not optional.
 */
class PersistenceServicePostgresTest extends AccountIsolationContract {

    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;
    private static final String USER = "postgres";

    private String database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = "nm_unit_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is required for these tests: could not create database " + database
                    + " on " + HOST + ":" + PORT + " as user '" + USER + "' without a password: " + e.getMessage(), e);
        }
        return dataSource(database);
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + database);
        }
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }

    private static PGSimpleDataSource dataSource(String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {PORT});
        ds.setDatabaseName(name);
        ds.setUser(USER);
        ds.setConnectTimeout(5);
        return ds;
    }
}
