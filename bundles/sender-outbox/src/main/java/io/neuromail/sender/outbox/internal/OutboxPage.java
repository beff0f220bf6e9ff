package io.neuromail.sender.outbox.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;

/** The "Outbox" page: the messages the outbox sender kept, opened and as source. */
@Component
@HttpWhiteboardResource(pattern = "/ui/outbox/*", prefix = "/outbox-ui")
public class OutboxPage implements NavigationEntry {

    @Override
    public String id() {
        return "outbox";
    }

    @Override
    public String title() {
        return "Outbox";
    }

    @Override
    public String route() {
        return "outbox";
    }

    @Override
    public int order() {
        return 310;
    }

    @Override
    public String moduleUrl() {
        return "/ui/outbox/page.js";
    }
}
