package io.neuromail.campaigns.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.neuromail.web.api.NavigationEntry;

/** The Campaigns entry as the navigation sees it: valid, in its group, with a module the bundle holds. */
class CampaignsPageTest {

    /** The rule the web bundle applies to ids and routes (bundles/web README, "Adding a page"). */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final NavigationEntry page = new CampaignsPage();

    @Test
    void theEntryIsCampaignsAtItsRouteUnderTheCampaignsGroup() {
        assertEquals("campaigns", page.id());
        assertEquals("campaigns", page.route(), "the home page and the shell link to #/campaigns");
        assertEquals("Campaigns", page.title());
        assertEquals(NavigationEntry.GROUP_CAMPAIGNS, page.group());
        assertTrue(ID.matcher(page.id()).matches());
    }

    @Test
    void itComesBeforeTheBuiltInPages() {
        assertTrue(page.order() < NavigationEntry.ORDER_BUILT_IN, String.valueOf(page.order()));
    }

    @Test
    void theModuleIsUnderTheServedPathAndInTheBundle() {
        String url = page.moduleUrl();
        assertTrue(url.startsWith(CampaignsPage.BASE), url);
        assertFalse(url.contains("..") || url.startsWith("/api/"), url);
        String resource = CampaignsPage.RESOURCES + "/" + url.substring(CampaignsPage.BASE.length());
        assertNotNull(CampaignsPageTest.class.getResource(resource), "the bundle holds " + resource);
    }
}
