package io.neuromail.contacts.api;

import java.util.Locale;

/** Whether a contact may receive marketing mail, and if not, why not. */
public enum ContactStatus {
    /** May receive campaigns. */
    SUBSCRIBED,
    /** Asked not to receive mail (unsubscribe link, API, import of an opt-out). */
    UNSUBSCRIBED,
    /** A permanent bounce: the address does not take mail. */
    BOUNCED,
    /** Marked a message as spam. */
    COMPLAINED;

    /** The lower-case name used in JSON, CSV and the database, e.g. {@code "subscribed"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #wireName()}, case-insensitively. */
    public static ContactStatus fromWire(String value) {
        if (value != null) {
            for (ContactStatus s : values()) {
                if (s.name().equalsIgnoreCase(value.trim())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown contact status '" + value
                + "' (one of subscribed, unsubscribed, bounced, complained)");
    }

    /** Every status but {@link #SUBSCRIBED} puts the address on the account's suppression list. */
    public boolean suppresses() {
        return this != SUBSCRIBED;
    }
}
