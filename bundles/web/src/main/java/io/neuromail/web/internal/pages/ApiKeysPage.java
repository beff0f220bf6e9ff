package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page where users create, list, revoke and regenerate API keys. */
@Component
public class ApiKeysPage implements NavigationEntry {

    @Override
    public String id() {
        return "api-keys";
    }

    @Override
    public String title() {
        return "API keys";
    }

    @Override
    public String route() {
        return "api-keys";
    }

    @Override
    public int order() {
        return ORDER_BUILT_IN;
    }

    @Override
    public String moduleUrl() {
        return "/assets/js/pages/api-keys.js";
    }
}
