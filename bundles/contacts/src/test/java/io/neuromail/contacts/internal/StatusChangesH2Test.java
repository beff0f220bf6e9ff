package io.neuromail.contacts.internal;

import javax.sql.DataSource;

/** Status changes on the embedded database. */
class StatusChangesH2Test extends StatusChangesContract {

    private final ContactsH2Test database = new ContactsH2Test();

    @Override
    DataSource createDatabase() {
        return database.createDatabase();
    }

    @Override
    void dropDatabase() {
        database.dropDatabase();
    }
}
