package io.neuromail.delivery.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/** The "Sending" page: sender settings, sends with progress and actions, per-recipient state. */
@Component(service = NavigationEntry.class, property = "neuromail.navigation.scope=admin")
@HttpWhiteboardResource(pattern = "/ui/delivery/*", prefix = "/delivery-ui")
public class DeliveryPage extends NavigationPage {

    public DeliveryPage() {
        super("delivery", "Sending", GROUP_SETTINGS, 300, "/ui/delivery/page.js");
    }
}
