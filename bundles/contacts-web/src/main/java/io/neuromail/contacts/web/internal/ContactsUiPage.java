package io.neuromail.contacts.web.internal;

import io.neuromail.web.api.NavigationPage;

/**
 * A page of the contacts UI: its id is its route, and its ES module is served by this bundle at
 * {@code /ui/contacts/<id>.js} (see {@link ContactsPage} for the resource registration).
 */
abstract class ContactsUiPage extends NavigationPage {

    /** The path under which this bundle's modules and stylesheet are served. */
    static final String BASE = "/ui/contacts/";
    /** Where the served files are inside the bundle. */
    static final String RESOURCES = "/contacts-ui";
    /** The position of the first contacts page; the others follow in steps of ten. */
    static final int ORDER_FIRST = 100;

    ContactsUiPage(String id, String title, int position) {
        super(id, title, GROUP_AUDIENCE, ORDER_FIRST + 10 * position, BASE + id + ".js");
    }
}
