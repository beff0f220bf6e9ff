package io.neuromail.contacts.web.internal;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The segment builder: conditions in and/or groups with a live count; save, rename, delete, export. */
@Component(service = NavigationEntry.class)
public class SegmentsPage extends ContactsUiPage {

    public SegmentsPage() {
        super("segments", "Segments", 3);
    }
}
