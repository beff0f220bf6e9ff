package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/** The built-in page where owners and admins invite people, set their roles and remove them. */
@Component(service = NavigationEntry.class)
public class TeamPage extends BuiltInPage {

    public TeamPage() {
        super("team", "Team", GROUP_SETTINGS, ORDER_BUILT_IN + 5);
    }
}
