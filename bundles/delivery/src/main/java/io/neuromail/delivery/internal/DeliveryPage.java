package io.neuromail.delivery.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;

/** The "Sending" page: sender settings, sends with progress and actions, per-recipient state. */
@Component
@HttpWhiteboardResource(pattern = "/ui/delivery/*", prefix = "/delivery-ui")
public class DeliveryPage implements NavigationEntry {

    @Override
    public String id() {
        return "delivery";
    }

    @Override
    public String title() {
        return "Sending";
    }

    @Override
    public String route() {
        return "delivery";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public String moduleUrl() {
        return "/ui/delivery/page.js";
    }
}
