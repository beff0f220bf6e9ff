package io.neuromail.contacts.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * The address book on PostgreSQL (the COPY bulk path). Needs a server on 127.0.0.1:5432 that accepts
 * user {@code postgres} without a password; each test creates and drops its own database, and fails
 * when the server is not there.
 */
class ContactsPostgresTest extends ContactsContract {

    private PostgresTestDatabase database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("contacts");
        return database.dataSource();
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }
}
