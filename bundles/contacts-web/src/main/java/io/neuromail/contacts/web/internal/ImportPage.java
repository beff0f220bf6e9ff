package io.neuromail.contacts.web.internal;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The CSV import wizard: upload, map the columns, follow the progress, read the rejected rows. */
@Component(service = NavigationEntry.class)
public class ImportPage extends ContactsUiPage {

    public ImportPage() {
        super("import", "Import", 2);
    }
}
