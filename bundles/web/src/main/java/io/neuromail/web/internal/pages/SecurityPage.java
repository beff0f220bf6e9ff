package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page with how the signed-in user logs in: two-factor authentication. */
@Component(service = NavigationEntry.class)
public class SecurityPage extends BuiltInPage {

    public SecurityPage() {
        super("security", "Security", GROUP_SETTINGS, ORDER_BUILT_IN + 30);
    }
}
