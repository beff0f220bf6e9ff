package io.neuromail.tracking.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * The tracking tables on PostgreSQL. Needs a server on 127.0.0.1:5432 that accepts user
 * {@code postgres} without a password; the class creates and drops its own database, and fails when
 * the server is not there.
 */
class TrackingStorePostgresTest extends TrackingStoreContract {

    private PostgresTestDatabase database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("tracking");
        return database.dataSource();
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }
}
