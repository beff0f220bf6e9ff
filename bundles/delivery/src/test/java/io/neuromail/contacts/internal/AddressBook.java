package io.neuromail.contacts.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.Recipients;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.contacts.api.Suppressions;
import io.neuromail.db.internal.PersistenceService;

/** The real address book of the contacts bundle on a test database, for delivery's tests. */
public final class AddressBook {

    private final ContactStore contacts;
    private final ListStore lists;
    private final SuppressionStore suppressions;
    private final RecipientsService recipients;

    /** Migrates the contacts schema on {@code persistence}'s database and opens its stores there. */
    public AddressBook(PersistenceService persistence) {
        persistence.migrate("contacts", ContactsDatabase.class.getClassLoader(), ContactsDatabase.CHANGELOG);
        Jdbc jdbc = persistence.jdbc();
        Clock clock = Clock.systemUTC();
        contacts = new ContactStore(jdbc, event -> { }, clock);
        lists = new ListStore(jdbc, contacts, event -> { }, clock);
        suppressions = new SuppressionStore(jdbc, event -> { }, clock);
        recipients = new RecipientsService(jdbc, lists, new io.neuromail.contacts.internal.segments.SegmentStore(jdbc, event -> { }, clock,
                io.neuromail.contacts.internal.segments.SegmentFields.none()));
    }

    public Recipients recipients() {
        return recipients;
    }

    public Suppressions suppressions() {
        return suppressions;
    }

    /** A new subscribed contact; answers its id. */
    public String contact(String accountId, String email, String firstName, Map<String, Object> attributes) {
        return contacts.create(Actor.system(accountId), new ContactInput(email, firstName, null, null, "test", null,
                attributes)).id();
    }

    /** A new list with these contacts; answers its id. */
    public String list(String accountId, String name, List<String> contactIds) {
        String id = lists.create(Actor.system(accountId), name).id();
        lists.addMembers(Actor.system(accountId), id, contactIds);
        return id;
    }

    public void suppress(String accountId, String email) {
        suppressions.add(Actor.system(accountId), email);
    }

    public void unsubscribe(String accountId, String email) {
        contacts.changeStatus(accountId, email, ContactStatus.UNSUBSCRIBED, StatusSource.UNSUBSCRIBE_LINK, null);
    }

    public void delete(String accountId, String contactId) {
        contacts.delete(Actor.system(accountId), contactId);
    }
}
