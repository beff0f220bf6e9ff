package io.neuromail.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.web.api.NavigationEntry;
import io.neuromail.web.internal.pages.ActivityPage;
import io.neuromail.web.internal.pages.ApiKeysPage;
import io.neuromail.web.internal.pages.HomePage;
import io.neuromail.web.internal.pages.SettingsPage;

class NavigationTest {

    private static NavigationEntry entry(String id, String title, String route, int order, String moduleUrl) {
        return new NavigationEntry() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public String route() {
                return route;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public String moduleUrl() {
                return moduleUrl;
            }
        };
    }

    private static NavigationEntry grouped(String id, String group, int order) {
        NavigationEntry plain = page(id, order);
        return new NavigationEntry() {
            @Override
            public String id() {
                return plain.id();
            }

            @Override
            public String title() {
                return plain.title();
            }

            @Override
            public String route() {
                return plain.route();
            }

            @Override
            public String group() {
                return group;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public String moduleUrl() {
                return plain.moduleUrl();
            }
        };
    }

    private static NavigationEntry page(String id, int order) {
        return entry(id, id.toUpperCase(), id, order, "/ui/" + id + "/page.js");
    }

    private static List<String> ids(Navigation navigation) {
        return navigation.entries().stream().map(Navigation.Entry::id).toList();
    }

    @Test
    void aPageThatNeedsAScopeIsListedOnlyToCallersWithIt() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, page("contacts", 100));
        navigation.add(2, 0, io.neuromail.api.security.Scope.ADMIN, page("api-keys", 900));
        navigation.add(3, 0, io.neuromail.api.security.Scope.SEND, page("campaigns", 50));
        java.util.Set<io.neuromail.api.security.Scope> viewer = java.util.Set.of(io.neuromail.api.security.Scope.READ);
        java.util.Set<io.neuromail.api.security.Scope> editor = java.util.Set.of(io.neuromail.api.security.Scope.READ,
                io.neuromail.api.security.Scope.CONTACTS, io.neuromail.api.security.Scope.SEND);
        assertEquals(List.of("contacts"), navigation.entries(viewer::contains).stream().map(Navigation.Entry::id).toList());
        assertEquals(List.of("campaigns", "contacts"),
                navigation.entries(editor::contains).stream().map(Navigation.Entry::id).toList());
        assertEquals(List.of("campaigns", "contacts", "api-keys"), ids(navigation));
    }

    @Test
    void entriesAreOrderedByOrderThenTitle() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, page("settings", 920));
        navigation.add(2, 0, page("contacts", 100));
        navigation.add(3, 0, entry("zeta", "Alpha", "zeta", 300, "/ui/zeta.js"));
        navigation.add(4, 0, entry("alpha", "Beta", "alpha", 300, "/ui/alpha.js"));

        assertEquals(List.of("contacts", "zeta", "alpha", "settings"), ids(navigation));
    }

    @Test
    void builtInPagesComeAfterFeaturePagesWithTheDefaultOrder() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, new SettingsPage());
        navigation.add(2, 0, new ActivityPage());
        navigation.add(3, 0, new ApiKeysPage());
        navigation.add(4, 0, entry("campaigns", "Campaigns", "campaigns", NavigationEntry.ORDER_DEFAULT, "/ui/c.js"));

        assertEquals(List.of("campaigns", "api-keys", "activity", "settings"), ids(navigation));
        assertEquals("/assets/js/pages/api-keys.js", navigation.entries().get(1).moduleUrl());
    }

    @Test
    void removedEntryIsGoneAtOnce() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, page("contacts", 100));
        navigation.add(2, 0, page("campaigns", 200));

        navigation.remove(1);

        assertEquals(List.of("campaigns"), ids(navigation));
    }

    @Test
    void higherRankingWinsAConflictingRouteAndTheLoserReturnsWhenTheWinnerLeaves() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, new SettingsPage());
        navigation.add(2, 10, entry("better-settings", "Preferences", "settings", 100, "/ui/prefs.js"));

        assertEquals(List.of("better-settings"), ids(navigation));

        navigation.remove(2);
        assertEquals(List.of("settings"), ids(navigation));
    }

    @Test
    void onEqualRankingTheFirstRegisteredKeepsItsIdAndRoute() {
        Navigation navigation = new Navigation();
        navigation.add(7, 0, entry("contacts", "Contacts", "contacts", 100, "/ui/a.js"));
        navigation.add(9, 0, entry("contacts", "Other", "people", 50, "/ui/b.js"));
        navigation.add(8, 0, entry("people", "People", "contacts", 50, "/ui/c.js"));

        List<Navigation.Entry> entries = navigation.entries();
        assertEquals(1, entries.size());
        assertEquals("/ui/a.js", entries.get(0).moduleUrl());
    }

    @Test
    void reRegistrationWithTheSameServiceIdReplacesTheEntry() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, entry("contacts", "Contacts", "contacts", 100, "/ui/a.js"));
        navigation.add(1, 0, entry("contacts", "People", "contacts", 100, "/ui/a.js"));

        assertEquals("People", navigation.entries().get(0).title());
    }

    @Test
    void titleIsTrimmed() {
        assertEquals("Contacts", Navigation.validate(entry("c", "  Contacts ", "c", 1, "/ui/c.js")).title());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Contacts", "-contacts", "con tacts", "contacts/", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd", "café"})
    void invalidIdIsRefused(String id) {
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry(id, "T", "r", 1, "/ui/r.js")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "login", "signup", "a/b", "#/contacts", "Contacts"})
    void invalidOrReservedRouteIsRefused(String route) {
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", "T", route, 1, "/ui/r.js")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ui/page.js", "//evil.example/page.js", "https://evil.example/page.js",
            "javascript:alert(1)", "/api/v1/page.js", "/ui/../api/x.js", "/ui/./x.js", "/ui/x.js#frag",
            "/ui/x y.js", "/\\evil.example/x.js", "data:text/javascript,alert(1)"})
    void moduleUrlMustBeASameOriginPath(String moduleUrl) {
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", "T", "x", 1, moduleUrl)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/contacts/page.js", "/assets/js/pages/api-keys.js", "/ui/x.mjs?v=1.2.0"})
    void sameOriginModuleUrlsAreAccepted(String moduleUrl) {
        assertEquals(moduleUrl, Navigation.validate(entry("x", "T", "x", 1, moduleUrl)).moduleUrl());
    }

    @Test
    void nullsAndOverlongTitlesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry(null, "T", "x", 1, "/a.js")));
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", null, "x", 1, "/a.js")));
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", " ", "x", 1, "/a.js")));
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", "T".repeat(61), "x", 1, "/a.js")));
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", "T", null, 1, "/a.js")));
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(entry("x", "T", "x", 1, null)));
    }

    @Test
    void invalidContributionIsNotAdded() {
        Navigation navigation = new Navigation();
        assertThrows(IllegalArgumentException.class, () -> navigation.add(1, 0, page("login", 1)));
        assertTrue(navigation.entries().isEmpty());
    }

    @Test
    void entriesSerializeAsTheDocumentedJson() throws Exception {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, new ApiKeysPage());

        String json = new ObjectMapper().writeValueAsString(navigation.entries());

        assertEquals("[{\"id\":\"api-keys\",\"title\":\"API keys\",\"route\":\"api-keys\",\"group\":\"Settings\",\"order\":900,"
                + "\"moduleUrl\":\"/assets/js/pages/api-keys.js\"}]", json);
    }

    @Test
    void groupsAreShownInTheOrderTheApiDeclaresThemWhateverTheOrderOfTheirEntries() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, new SettingsPage());
        navigation.add(2, 0, grouped("delivery", NavigationEntry.GROUP_SETTINGS, 300));
        navigation.add(3, 0, grouped("contacts", NavigationEntry.GROUP_AUDIENCE, 100));
        navigation.add(4, 0, grouped("content-check", NavigationEntry.GROUP_CONTENT_CHECK, 50));
        navigation.add(5, 0, grouped("campaigns", NavigationEntry.GROUP_CAMPAIGNS, 600));
        navigation.add(6, 0, grouped("lists", NavigationEntry.GROUP_AUDIENCE, 90));
        navigation.add(7, 0, new HomePage());
        navigation.add(8, 0, page("legacy", 10));
        navigation.add(9, 0, grouped("reports", NavigationEntry.GROUP_REPORTS, 700));

        assertEquals(List.of("home", "campaigns", "lists", "contacts", "content-check", "reports", "legacy",
                "delivery", "settings"), ids(navigation));
        assertEquals(List.of("", "Campaigns", "Audience", "Audience", "Content check", "Reports", "More", "Settings", "Settings"),
                navigation.entries().stream().map(Navigation.Entry::group).toList());
    }

    @Test
    void anEntryWithoutAGroupIsListedUnderMore() {
        assertEquals(NavigationEntry.GROUP_MORE, Navigation.validate(page("x", 1)).group());
    }

    @Test
    void aGroupOfItsOwnSitsAfterTheNamedGroupsAndBeforeMoreAndSettings() {
        Navigation navigation = new Navigation();
        navigation.add(1, 0, new ApiKeysPage());
        navigation.add(2, 0, page("legacy", 1));
        navigation.add(3, 0, grouped("zapier", "Automation", 900));
        navigation.add(4, 0, grouped("reports", NavigationEntry.GROUP_REPORTS, 999));
        navigation.add(5, 0, grouped("webhooks", "Automation", 800));
        navigation.add(6, 0, grouped("forms", "Audience forms", 1));

        assertEquals(List.of("reports", "forms", "webhooks", "zapier", "legacy", "api-keys"), ids(navigation));
    }

    @Test
    void groupIsTrimmedAndAnOverlongOrMissingGroupIsRefused() {
        assertEquals("Automation", Navigation.validate(grouped("x", "  Automation ", 1)).group());
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(grouped("x", "G".repeat(41), 1)));
        assertThrows(IllegalArgumentException.class, () -> Navigation.validate(grouped("x", null, 1)));
    }

    @Test
    void theBuiltInPagesSitInTheirGroups() {
        assertEquals(NavigationEntry.GROUP_TOP, new HomePage().group());
        assertEquals("home", new HomePage().route());
        assertEquals(NavigationEntry.GROUP_SETTINGS, new ApiKeysPage().group());
        assertEquals(NavigationEntry.GROUP_SETTINGS, new ActivityPage().group());
        assertEquals(NavigationEntry.GROUP_SETTINGS, new SettingsPage().group());
        assertEquals("Account", new SettingsPage().title());
    }
}
