package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page showing the account's activity log. */
@Component
public class ActivityPage implements NavigationEntry {

    @Override
    public String id() {
        return "activity";
    }

    @Override
    public String title() {
        return "Activity";
    }

    @Override
    public String route() {
        return "activity";
    }

    @Override
    public int order() {
        return ORDER_BUILT_IN + 10;
    }

    @Override
    public String moduleUrl() {
        return "/assets/js/pages/activity.js";
    }
}
