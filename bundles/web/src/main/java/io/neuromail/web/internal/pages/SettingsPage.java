package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page with the signed-in user's account settings. */
@Component
public class SettingsPage implements NavigationEntry {

    @Override
    public String id() {
        return "settings";
    }

    @Override
    public String title() {
        return "Settings";
    }

    @Override
    public String route() {
        return "settings";
    }

    @Override
    public int order() {
        return ORDER_BUILT_IN + 20;
    }

    @Override
    public String moduleUrl() {
        return "/assets/js/pages/settings.js";
    }
}
