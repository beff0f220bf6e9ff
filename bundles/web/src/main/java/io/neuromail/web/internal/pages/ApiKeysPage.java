package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page where users create, list, revoke and regenerate API keys. */
@Component(service = NavigationEntry.class, property = "neuromail.navigation.scope=admin")
public class ApiKeysPage extends BuiltInPage {

    public ApiKeysPage() {
        super("api-keys", "API keys", GROUP_SETTINGS, ORDER_BUILT_IN);
    }
}
