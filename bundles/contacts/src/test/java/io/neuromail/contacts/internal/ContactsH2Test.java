package io.neuromail.contacts.internal;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The address book on the embedded database (the portable import path). */
class ContactsH2Test extends ContactsContract {

    @Override
    DataSource createDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:contacts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Override
    void dropDatabase() {
        // The in-memory database goes with the JVM; each test has its own.
    }
}
