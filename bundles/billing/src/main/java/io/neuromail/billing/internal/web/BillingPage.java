package io.neuromail.billing.internal.web;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/** The "Billing" page: the plan, its renewal, usage meters and the plans to choose from. */
@Component(service = NavigationEntry.class, property = "neuromail.navigation.scope=admin")
@HttpWhiteboardResource(pattern = "/ui/billing/*", prefix = "/billing-ui")
public class BillingPage extends NavigationPage {

    public BillingPage() {
        super("billing", "Billing", GROUP_SETTINGS, ORDER_BUILT_IN + 25, "/ui/billing/page.js");
    }
}
