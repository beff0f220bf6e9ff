package io.neuromail.web.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page of the NeuroMail web UI and its link in the navigation. Register an implementation as an
 * OSGi service and the page appears for every signed-in user at the next page load; unregister it
 * and the link is gone. No restart, and no change to the web bundle.
 * <p>
 * The page itself is a native ES module that the contributing bundle serves from the same origin
 * (typically with {@code @HttpWhiteboardResource}). The UI shell imports it with {@code import()}
 * when the user opens {@code #/}<i>route</i> and calls its default export:
 * <pre>
 * export default async function render(container, ctx) { ... }
 * </pre>
 * {@code container} is an empty element to fill; {@code ctx} gives the page the API client, the
 * session, the route parameters and a few DOM helpers. The page reaches the server only through
 * {@code ctx.api} (JSON calls, uploads of files or raw bodies, plain-text answers, download links)
 * and imports no module of the shell or of another bundle: the shell's modules are not part of the
 * contract. The contract of {@code ctx}, versioned with this package, is described in the web
 * bundle's README. The function may return a function that the shell calls when the user leaves
 * the page.
 * <p>
 * Each method is called once, when the service is registered; an entry that wants to change
 * re-registers. An entry with an invalid value is ignored and logged. When two entries claim the
 * same {@link #id()} or {@link #route()}, the one with the higher {@code service.ranking} wins (then
 * the one registered first), so a bundle can replace a built-in page deliberately.
 */
@ConsumerType
public interface NavigationEntry {

    /** Built-in pages sit at these orders; put feature pages before them. */
    int ORDER_BUILT_IN = 900;

    /** Default {@link #order()}. */
    int ORDER_DEFAULT = 500;

    /**
     * {@link #group()} of entries shown first, above every group and without a heading: the home page.
     * @since 1.3
     */
    String GROUP_TOP = "";

    /** {@link #group()} of writing and sending campaigns. @since 1.3 */
    String GROUP_CAMPAIGNS = "Campaigns";

    /** {@link #group()} of the people mail goes to: contacts, lists, segments, import, suppression. @since 1.3 */
    String GROUP_AUDIENCE = "Audience";

    /** {@link #group()} of checking content before it is sent. @since 1.3 */
    String GROUP_CONTENT_CHECK = "Content check";

    /** {@link #group()} of reports on what was sent. @since 1.3 */
    String GROUP_REPORTS = "Reports";

    /**
     * {@link #group()} of how the account works: sending, sender identities, API keys, activity,
     * account. Shown last.
     * @since 1.3
     */
    String GROUP_SETTINGS = "Settings";

    /**
     * Default {@link #group()}: entries that name no group, shown after the other groups and before
     * {@link #GROUP_SETTINGS}.
     * @since 1.3
     */
    String GROUP_MORE = "More";

    /**
     * A stable identifier: 1 to 63 characters of {@code a-z}, {@code 0-9} and {@code -}, starting with
     * a letter or digit. The navigation link gets the element id {@code nav-<id>}.
     */
    String id();

    /** The link text, 1 to 60 characters, e.g. {@code "Contacts"}. */
    String title();

    /**
     * The first segment of the page's hash route, with the same syntax as {@link #id()}: route
     * {@code "contacts"} is opened at {@code #/contacts}, and {@code #/contacts/42?tab=lists} opens
     * the same page with parameters. {@code login} and {@code signup} are reserved.
     */
    String route();

    /**
     * Where the link sits: lower first. Built-in pages use {@value #ORDER_BUILT_IN} and up (API
     * keys, activity, settings); feature pages such as contacts or campaigns belong below that.
     */
    default int order() {
        return ORDER_DEFAULT;
    }

    /**
     * The heading the link is listed under, 0 to 40 characters (trimmed), e.g. {@link #GROUP_AUDIENCE}.
     * The groups named by the constants of this interface are shown in the order they are declared
     * here ({@link #GROUP_TOP} first, {@link #GROUP_SETTINGS} last); any other name makes a group of
     * its own, shown after {@link #GROUP_REPORTS} in alphabetical order. Inside a group, links are
     * sorted by {@link #order()}.
     *
     * @since 1.3
     */
    default String group() {
        return GROUP_MORE;
    }

    /**
     * Absolute path of the page's ES module on this server, e.g. {@code "/ui/contacts/page.js"}. It
     * must start with a single {@code /}: modules from other origins are refused by the
     * Content-Security-Policy anyway, and a path under {@code /api/} is not a module.
     */
    String moduleUrl();
}
