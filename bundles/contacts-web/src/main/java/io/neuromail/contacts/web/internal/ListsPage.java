package io.neuromail.contacts.web.internal;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The lists page: create, rename and delete lists, see their member counts and export them. */
@Component(service = NavigationEntry.class)
public class ListsPage extends ContactsUiPage {

    public ListsPage() {
        super("lists", "Lists", 1);
    }
}
