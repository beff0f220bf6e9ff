package io.neuromail.contacts.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;

/**
 * The contacts table and a contact's detail ({@code #/contacts/<id>}). It also serves every file
 * of the contacts UI (the page modules, their shared module and stylesheet) at
 * {@value ContactsUiPage#BASE}, from {@value ContactsUiPage#RESOURCES} inside the bundle.
 */
@Component(service = NavigationEntry.class)
@HttpWhiteboardResource(pattern = ContactsUiPage.BASE + "*", prefix = ContactsUiPage.RESOURCES)
public class ContactsPage extends ContactsUiPage {

    public ContactsPage() {
        super("contacts", "Contacts", 0);
    }
}
