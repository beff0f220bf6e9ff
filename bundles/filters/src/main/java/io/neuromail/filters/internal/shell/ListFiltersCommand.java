package io.neuromail.filters.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.neuromail.filter.api.ContentCheck;
import io.neuromail.filter.api.ContentCheck.FilterInfo;

/** {@code neuromail:filters}: the content filters in pipeline order. */
@Command(scope = "neuromail", name = "filters", description = "Lists the content filters in pipeline order: name, bundle, order, ranking, time limit, enabled by default")
@Service
public class ListFiltersCommand implements Action {

    @Reference
    private ContentCheck checks;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Bundle");
        table.column("Order");
        table.column("Ranking");
        table.column("Timeout ms");
        table.column("Enabled");
        table.column("Description");
        for (FilterInfo f : checks.filters()) {
            table.addRow().addContent(f.name(), f.bundle(), f.order(), f.ranking(), f.timeoutMillis(),
                    f.enabledByDefault() ? "yes" : "no", f.description() == null ? "" : f.description());
        }
        table.print(System.out);
        return null;
    }
}
