package io.neuromail.identity.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * The activity chain on PostgreSQL. Needs a server on 127.0.0.1:5432 that accepts user
 * {@code postgres} without a password; the class creates and drops its own database, and fails when
 * the server is not there.
 */
class ActivityChainPostgresTest extends ActivityChainContract {

    private PostgresTestDatabase database;

    @Override
    DataSource dataSource() throws SQLException {
        if (database == null) {
            database = PostgresTestDatabase.create("activity_chain");
        }
        return database.dataSource();
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }
}
