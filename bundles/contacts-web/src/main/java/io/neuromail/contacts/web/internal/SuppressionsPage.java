package io.neuromail.contacts.web.internal;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The account's suppression list: search, add, import a file of addresses, remove manual entries. */
@Component(service = NavigationEntry.class)
public class SuppressionsPage extends ContactsUiPage {

    public SuppressionsPage() {
        super("suppressions", "Suppression", 4);
    }
}
