package io.neuromail.web.api;

/**
 * A {@link NavigationEntry} with fixed values whose route is its id: extend it with a component
 * that passes them to the constructor, e.g.
 * <pre>
 * &#64;Component(service = NavigationEntry.class)
 * public class ReportsPage extends NavigationPage {
 *     public ReportsPage() {
 *         super("reports", "Reports", 400, "/ui/reports/page.js");
 *     }
 * }
 * </pre>
 */
public abstract class NavigationPage implements NavigationEntry {

    private final String id;
    private final String title;
    private final int order;
    private final String moduleUrl;

    protected NavigationPage(String id, String title, int order, String moduleUrl) {
        this.id = id;
        this.title = title;
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
    public int order() {
        return order;
    }

    @Override
    public String moduleUrl() {
        return moduleUrl;
    }
}
