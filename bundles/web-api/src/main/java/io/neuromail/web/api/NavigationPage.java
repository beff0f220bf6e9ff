package io.neuromail.web.api;

/**
 * A {@link NavigationEntry} with fixed values whose route is its id: extend it with a component
 * that passes them to the constructor, e.g.
 * <pre>
 * &#64;Component(service = NavigationEntry.class)
 * public class ReportsPage extends NavigationPage {
 *     public ReportsPage() {
 *         super("reports", "Reports", GROUP_REPORTS, 400, "/ui/reports/page.js");
 *     }
 * }
 * </pre>
 */
public abstract class NavigationPage implements NavigationEntry {

    private final String id;
    private final String title;
    private final String group;
    private final int order;
    private final String moduleUrl;

    /** A page in the default group, {@link #GROUP_MORE}. */
    protected NavigationPage(String id, String title, int order, String moduleUrl) {
        this(id, title, GROUP_MORE, order, moduleUrl);
    }

    /**
     * A page listed under {@code group}, e.g. {@link #GROUP_AUDIENCE}.
     *
     * @since 1.3
     */
    protected NavigationPage(String id, String title, String group, int order, String moduleUrl) {
        this.id = id;
        this.title = title;
        this.group = group;
        this.order = order;
        this.moduleUrl = moduleUrl;
    }

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
        return id;
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
        return moduleUrl;
    }
}
