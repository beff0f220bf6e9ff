package io.neuromail.contacts.web.internal;

import io.neuromail.web.api.NavigationEntry;

/**
 * A page of the contacts UI: its id is its route, and its ES module is served by this bundle at
 * {@code /ui/contacts/<id>.js} (see {@link ContactsPage} for the resource registration).
 */
abstract class ContactsUiPage implements NavigationEntry {

    /** The path under which this bundle's modules and stylesheet are served. */
    static final String BASE = "/ui/contacts/";
    /** Where the served files are inside the bundle. */
    static final String RESOURCES = "/contacts-ui";
    /** The position of the first contacts page; the others follow in steps of ten. */
    static final int ORDER_FIRST = 100;

    private final String id;
    private final String title;
    private final int order;

    ContactsUiPage(String id, String title, int position) {
        this.id = id;
        this.title = title;
        this.order = ORDER_FIRST + 10 * position;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String route() {
        return id;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public String moduleUrl() {
        return BASE + id + ".js";
    }
}
