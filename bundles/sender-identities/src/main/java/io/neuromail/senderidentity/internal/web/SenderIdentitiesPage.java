package io.neuromail.senderidentity.internal.web;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/** The "Sender identities" page, next to "Sending": the addresses and domains the account sends from. */
@Component(service = NavigationEntry.class, property = "neuromail.navigation.scope=admin")
@HttpWhiteboardResource(pattern = "/ui/sender-identities/*", prefix = "/sender-identities-ui")
public class SenderIdentitiesPage extends NavigationPage {

    public SenderIdentitiesPage() {
        super("sender-identities", "Sender identities", GROUP_SETTINGS, 305, "/ui/sender-identities/page.js");
    }
}
