package io.neuromail.filters.internal.ui;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;

/** The "Check content" page of the web UI, served at {@code /ui/content/page.js}. */
@Component(service = NavigationEntry.class)
@HttpWhiteboardResource(pattern = "/ui/content/*", prefix = "/content-ui")
public class CheckContentPage implements NavigationEntry {

    @Override
    public String id() {
        return "content-check";
    }

    @Override
    public String title() {
        return "Check content";
    }

    @Override
    public String route() {
        return "content-check";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public String moduleUrl() {
        return "/ui/content/page.js";
    }
}
