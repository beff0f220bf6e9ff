package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page showing the account's activity log. */
@Component(service = NavigationEntry.class)
public class ActivityPage extends BuiltInPage {

    public ActivityPage() {
        super("activity", "Activity", GROUP_SETTINGS, ORDER_BUILT_IN + 10);
    }
}
