package io.neuromail.contacts.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;

/** Migrates the contacts tables at start-up and hands out the JDBC access to them. */
@Component(service = ContactsDatabase.class)
public class ContactsDatabase {

    static final String CHANGELOG = "io/neuromail/contacts/db/changelog.xml";

    private final Jdbc jdbc;

    @Activate
    public ContactsDatabase(@Reference Persistence persistence) {
        persistence.migrate("contacts", ContactsDatabase.class.getClassLoader(), CHANGELOG);
        this.jdbc = persistence.jdbc();
    }

    public Jdbc jdbc() {
        return jdbc;
    }
}
