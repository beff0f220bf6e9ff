package io.neuromail.contacts.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

/** Status changes on PostgreSQL (a server on 127.0.0.1:5432, see {@link ContactsPostgresTest}). */
class StatusChangesPostgresTest extends StatusChangesContract {

    private final ContactsPostgresTest database = new ContactsPostgresTest();

    @Override
    DataSource createDatabase() throws SQLException {
        return database.createDatabase();
    }

    @Override
    void dropDatabase() throws SQLException {
        database.dropDatabase();
    }
}
