package io.neuromail.filters.internal.ui;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/** The "Check content" page of the web UI, served at {@code /ui/content/page.js}. */
@Component(service = NavigationEntry.class)
@HttpWhiteboardResource(pattern = "/ui/content/*", prefix = "/content-ui")
public class CheckContentPage extends NavigationPage {

    public CheckContentPage() {
        super("content-check", "Check content", GROUP_CONTENT_CHECK, 300, "/ui/content/page.js");
    }
}
