package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page with the signed-in user's account settings. */
@Component(service = NavigationEntry.class)
public class SettingsPage extends BuiltInPage {

    public SettingsPage() {
        super("settings", "Account", GROUP_SETTINGS, ORDER_BUILT_IN + 20);
    }
}
