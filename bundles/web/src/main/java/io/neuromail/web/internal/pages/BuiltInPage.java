package io.neuromail.web.internal.pages;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/**
 * A page that ships with the web bundle: its route is its id and its module sits at
 * {@code /assets/js/pages/<id>.js}. Registered through the same {@link NavigationEntry} API as the
 * pages of other bundles.
 */
abstract class BuiltInPage extends NavigationPage {

    BuiltInPage(String id, String title, String group, int order) {
        super(id, title, group, order, "/assets/js/pages/" + id + ".js");
    }
}
