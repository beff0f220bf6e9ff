package io.neuromail.campaigns.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * The campaigns table on PostgreSQL. Needs a server on 127.0.0.1:5432 that accepts
 * user {@code postgres} without a password; each test creates and drops its own database, and fails
 * when the server is not there.
 */
class CampaignStorePostgresTest extends CampaignStoreContract {

    private PostgresTestDatabase database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("campaigns");
        return database.dataSource();
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }
}
