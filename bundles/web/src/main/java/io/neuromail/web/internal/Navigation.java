package io.neuromail.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.neuromail.api.security.Scope;
import io.neuromail.web.api.NavigationEntry;

/**
 * The navigation entries contributed right now. Contributions are validated and copied when they
 * arrive, so a misbehaving implementation cannot break the listing later; the listing resolves
 * conflicts and orders the survivors on every call, so a contribution that leaves is gone at once.
 */
public final class Navigation {

    /** One link of the navigation, as the UI receives it; {@code group} is its heading ("" for none). */
    public record Entry(String id, String title, String route, String group, int order, String moduleUrl) {
    }

    /** {@code scope}: what a caller must be allowed to see the link ({@link NavigationResource#SCOPE_PROPERTY}). */
    private record Contribution(long serviceId, int ranking, Scope scope, Entry entry) {
    }

    static final Set<String> RESERVED_ROUTES = Set.of("login", "signup", "reset-password", "verify-email", "invitation", "join");

    static final int MAX_TITLE = 60;

    static final int MAX_GROUP = 40;

    /**
     * The groups the API names, in display order; other groups sit between {@link NavigationEntry#GROUP_REPORTS}
     * and {@link NavigationEntry#GROUP_MORE}, alphabetically.
     */
    static final List<String> KNOWN_GROUPS = List.of(NavigationEntry.GROUP_TOP, NavigationEntry.GROUP_CAMPAIGNS,
            NavigationEntry.GROUP_AUDIENCE, NavigationEntry.GROUP_CONTENT_CHECK, NavigationEntry.GROUP_REPORTS,
            NavigationEntry.GROUP_MORE, NavigationEntry.GROUP_SETTINGS);

    private static final int OTHER_GROUPS_RANK = KNOWN_GROUPS.indexOf(NavigationEntry.GROUP_MORE);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** A same-origin absolute path: one leading slash, plain URL path characters, an optional query. */
    private static final Pattern MODULE_URL = Pattern.compile("/[A-Za-z0-9._~-][A-Za-z0-9._~/-]*(\\?[A-Za-z0-9._~=&%-]*)?");

    /** Higher ranking wins, then the older registration. */
    private static final Comparator<Contribution> PRECEDENCE = Comparator
            .comparingInt(Contribution::ranking).reversed()
            .thenComparingLong(Contribution::serviceId);

    /**
     * By group (the known ones in their order, others alphabetically among them), then lower order
     * first; equal orders alphabetically by title, then id, so the result never wobbles.
     */
    static final Comparator<Entry> DISPLAY = Comparator
            .comparingInt((Entry e) -> groupRank(e.group()))
            .thenComparing(Entry::group)
            .thenComparingInt(Entry::order)
            .thenComparing(Entry::title, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Entry::id);

    private final Map<Long, Contribution> contributions = new ConcurrentHashMap<>();

    /**
     * Adds a contribution.
     *
     * @throws IllegalArgumentException naming what is wrong, when the entry is invalid; it is not added
     */
    void add(long serviceId, int ranking, NavigationEntry contribution) {
        add(serviceId, ranking, Scope.READ, contribution);
    }

    /** Adds a contribution shown only to callers who have {@code scope}. */
    void add(long serviceId, int ranking, Scope scope, NavigationEntry contribution) {
        contributions.put(serviceId, new Contribution(serviceId, ranking, scope, validate(contribution)));
    }

    void remove(long serviceId) {
        contributions.remove(serviceId);
    }

    /** The entries to show: one per id and per route, in display order. */
    List<Entry> entries() {
        return entries(scope -> true);
    }

    /**
     * The entries to show a caller who has the scopes {@code may} accepts: one per id and per route, in
     * display order. A page the caller may not use is left out, not shown to fail.
     */
    List<Entry> entries(java.util.function.Predicate<Scope> may) {
        List<Contribution> byPrecedence = new ArrayList<>(contributions.values());
        byPrecedence.removeIf(c -> !may.test(c.scope()));
        byPrecedence.sort(PRECEDENCE);
        Set<String> ids = new HashSet<>();
        Set<String> routes = new HashSet<>();
        List<Entry> shown = new ArrayList<>();
        for (Contribution c : byPrecedence) {
            Entry e = c.entry();
            if (!ids.contains(e.id()) && !routes.contains(e.route())) {
                ids.add(e.id());
                routes.add(e.route());
                shown.add(e);
            }
        }
        shown.sort(DISPLAY);
        return shown;
    }

    static Entry validate(NavigationEntry contribution) {
        String id = contribution.id();
        String title = contribution.title() == null ? null : contribution.title().strip();
        String route = contribution.route();
        String group = contribution.group() == null ? null : contribution.group().strip();
        int order = contribution.order();
        String moduleUrl = contribution.moduleUrl();
        if (id == null || !NAME.matcher(id).matches()) {
            throw new IllegalArgumentException("id " + quote(id) + " must be 1-63 characters of a-z, 0-9 and -");
        }
        if (title == null || title.isEmpty() || title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("title of " + id + " must be 1-" + MAX_TITLE + " characters");
        }
        if (group == null || group.length() > MAX_GROUP) {
            throw new IllegalArgumentException("group of " + id + " must be 0-" + MAX_GROUP + " characters");
        }
        if (route == null || !NAME.matcher(route).matches()) {
            throw new IllegalArgumentException("route " + quote(route) + " of " + id + " must be 1-63 characters of a-z, 0-9 and -");
        }
        if (RESERVED_ROUTES.contains(route)) {
            throw new IllegalArgumentException("route " + quote(route) + " of " + id + " is reserved");
        }
        if (moduleUrl == null || !MODULE_URL.matcher(moduleUrl).matches() || moduleUrl.startsWith("/api/")
                || moduleUrl.contains("/../") || moduleUrl.contains("/./") || moduleUrl.endsWith("/..")) {
            throw new IllegalArgumentException("moduleUrl " + quote(moduleUrl) + " of " + id
                    + " must be an absolute path on this server, such as /ui/" + id + "/page.js");
        }
        return new Entry(id, title, route, group, order, moduleUrl);
    }

    private static int groupRank(String group) {
        int known = KNOWN_GROUPS.indexOf(group);
        return known >= 0 ? 2 * known : 2 * OTHER_GROUPS_RANK - 1;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
