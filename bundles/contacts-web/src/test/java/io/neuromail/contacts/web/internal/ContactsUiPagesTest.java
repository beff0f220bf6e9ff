package io.neuromail.contacts.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.neuromail.web.api.NavigationEntry;

/** The contacts pages as the navigation sees them: valid, distinct, in order, each with its module. */
class ContactsUiPagesTest {

    /** The rule the web bundle applies to ids and routes (bundles/web README, "Adding a page"). */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    static final List<NavigationEntry> PAGES = List.of(new ContactsPage(), new ListsPage(), new ImportPage(),
            new SegmentsPage(), new SuppressionsPage());

    @Test
    void everyPageHasAValidIdRouteAndTitle() {
        for (NavigationEntry page : PAGES) {
            assertTrue(ID.matcher(page.id()).matches(), page.id());
            assertEquals(page.id(), page.route(), "the route of a contacts page is its id");
            assertTrue(!page.title().isBlank() && page.title().length() <= 60, page.title());
            assertTrue(!Set.of("login", "signup").contains(page.route()));
        }
    }

    @Test
    void theRoutesAreTheOnesOtherPagesLinkTo() {
        assertEquals(List.of("contacts", "lists", "import", "segments", "suppressions"),
                PAGES.stream().map(NavigationEntry::route).toList());
        assertEquals(List.of("Contacts", "Lists", "Import", "Segments", "Suppression"),
                PAGES.stream().map(NavigationEntry::title).toList());
    }

    @Test
    void idsAndOrdersAreDistinctAndBeforeTheBuiltInPages() {
        Set<String> ids = new HashSet<>();
        Set<Integer> orders = new HashSet<>();
        int previous = Integer.MIN_VALUE;
        for (NavigationEntry page : PAGES) {
            assertTrue(ids.add(page.id()), "duplicate id " + page.id());
            assertTrue(orders.add(page.order()), "duplicate order " + page.order());
            assertTrue(page.order() > previous, "pages are listed in this order");
            assertTrue(page.order() < NavigationEntry.ORDER_BUILT_IN, "contacts pages come before API keys and settings");
            previous = page.order();
        }
    }

    @Test
    void everyModuleUrlIsUnderTheServedPathAndExistsInTheBundle() {
        for (NavigationEntry page : PAGES) {
            String url = page.moduleUrl();
            assertTrue(url.startsWith(ContactsUiPage.BASE), url);
            assertTrue(!url.contains("..") && !url.startsWith("/api/"), url);
            String resource = ContactsUiPage.RESOURCES + "/" + url.substring(ContactsUiPage.BASE.length());
            assertNotNull(ContactsUiPagesTest.class.getResource(resource), "the bundle holds " + resource);
        }
    }
}
