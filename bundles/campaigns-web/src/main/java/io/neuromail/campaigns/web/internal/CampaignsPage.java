package io.neuromail.campaigns.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.api.NavigationPage;

/**
 * The "Campaigns" page: the list ({@code #/campaigns}), a campaign's editor, audience, sending and
 * progress ({@code #/campaigns/<id>}) and the campaign settings ({@code #/campaigns/settings}). It
 * also serves the pages' modules and stylesheet at {@value #BASE}, from {@value #RESOURCES} inside
 * the bundle.
 */
@Component(service = NavigationEntry.class)
@HttpWhiteboardResource(pattern = CampaignsPage.BASE + "*", prefix = CampaignsPage.RESOURCES)
public class CampaignsPage extends NavigationPage {

    /** The path under which this bundle's modules and stylesheet are served. */
    static final String BASE = "/ui/campaigns/";
    /** Where the served files are inside the bundle. */
    static final String RESOURCES = "/campaigns-ui";
    /** The first page of the Campaigns group. */
    static final int ORDER = 100;

    public CampaignsPage() {
        super("campaigns", "Campaigns", GROUP_CAMPAIGNS, ORDER, BASE + "page.js");
    }
}
