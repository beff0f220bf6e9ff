package io.neuromail.db.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * Account isolation on PostgreSQL, the production database. Needs a server on 127.0.0.1:5432 that
 * accepts user {@code postgres} without a password; each run creates and drops its own database.
 * Without that server these tests fail: isolation on PostgreSQL is not optional.
 */
class PersistenceServicePostgresTest extends AccountIsolationContract {

    private PostgresTestDatabase database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("unit");
        return database.dataSource();
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }
}
