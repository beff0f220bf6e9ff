package io.neuromail.sender.outbox.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/** The "Outbox" page: the messages the outbox sender kept, opened and as source. */
@Component(service = NavigationEntry.class)
@HttpWhiteboardResource(pattern = "/ui/outbox/*", prefix = "/outbox-ui")
public class OutboxPage extends NavigationPage {

    public OutboxPage() {
        super("outbox", "Outbox", GROUP_SETTINGS, 310, "/ui/outbox/page.js");
    }
}
