package io.neuromail.rest.internal.shell;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.neuromail.rest.internal.HealthResource;

/**
 * {@code neuromail:health}: what {@code /api/v1/health} answers, with the details it shows callers on
 * this machine — every NeuroMail bundle, component and REST resource that is not up.
 */
@Command(scope = "neuromail", name = "health",
        description = "Says whether NeuroMail is UP (as /api/v1/health) and lists what is not up; --all lists everything")
@Service
public class HealthCommand implements Action {

    @Option(name = "--all", aliases = "-a", description = "List every bundle and component, also those that are up")
    private boolean all;

    @Reference
    private HealthResource health;

    @Override
    public Object execute() {
        Map<String, String> components = health.components();
        boolean up = HealthResource.isUp(components);
        System.out.println(up ? "UP" : "DOWN");
        ShellTable table = new ShellTable();
        table.column("Component");
        table.column("State");
        components.forEach((name, state) -> {
            if (all || !state.equals("UP")) {
                table.addRow().addContent(name, state);
            }
        });
        table.print(System.out);
        return null;
    }
}
