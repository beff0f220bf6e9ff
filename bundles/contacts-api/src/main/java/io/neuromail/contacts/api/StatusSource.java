package io.neuromail.contacts.api;

import java.util.Locale;

/** Where a change of a contact's status came from; kept in the contact's status history. */
public enum StatusSource {
    /** A CSV import. */
    IMPORT,
    /** A call of the REST API or the web UI. */
    API,
    /** The recipient used the unsubscribe link or one-click unsubscribe. */
    UNSUBSCRIBE_LINK,
    /** The provider reported a permanent bounce. */
    BOUNCE,
    /** The provider reported a spam complaint. */
    COMPLAINT;

    /** The lower-case name used in JSON and the database, e.g. {@code "unsubscribe_link"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
