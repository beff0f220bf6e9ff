package io.neuromail.web.internal.pages;

import org.osgi.service.component.annotations.Component;

import io.neuromail.web.api.NavigationEntry;

/**
 * The start page ({@code #/} opens it): the account's recent campaigns, audience size and next
 * scheduled send, or on a new account the first steps in order.
 */
@Component(service = NavigationEntry.class)
public class HomePage extends BuiltInPage {

    public HomePage() {
        super("home", "Home", GROUP_TOP, 0);
    }
}
