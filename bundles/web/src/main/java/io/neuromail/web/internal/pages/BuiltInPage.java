package io.neuromail.web.internal.pages;

import io.neuromail.web.api.NavigationEntry;

/**
 * A page that ships with the web bundle: its route is its id and its module sits at
 * {@code /assets/js/pages/<id>.js}. Registered through the same {@link NavigationEntry} API as the
 * pages of other bundles.
 */
abstract class BuiltInPage implements NavigationEntry {

    private final String id;
    private final String title;
    private final int order;

    BuiltInPage(String id, String title, int offset) {
        this.id = id;
        this.title = title;
        this.order = ORDER_BUILT_IN + offset;
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
        return "/assets/js/pages/" + id + ".js";
    }
}
