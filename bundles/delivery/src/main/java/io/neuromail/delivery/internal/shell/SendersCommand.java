package io.neuromail.delivery.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.internal.DeliveryService;
import io.neuromail.delivery.internal.SenderRegistry.Entry;

/** {@code neuromail:senders}: the registered senders, best ranked first, and which one is the default. */
@Command(scope = "neuromail", name = "senders",
        description = "Lists the registered senders (best ranked first) with their limits, and marks the default")
@Service
public class SendersCommand implements Action {

    @Reference
    private DeliveryService delivery;

    @Override
    public Object execute() {
        String defaultSender = delivery.defaultSender();
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Default");
        table.column("Title");
        table.column("Ranking");
        table.column("Max/s");
        table.column("Max bytes");
        boolean defaultRegistered = false;
        for (Entry e : delivery.registeredSenders()) {
            boolean isDefault = e.name().equals(defaultSender);
            defaultRegistered |= isDefault;
            String perSecond;
            String bytes;
            try {
                SenderLimits limits = e.sender().limits();
                perSecond = Double.toString(limits.maxPerSecond());
                bytes = Long.toString(limits.maxMessageBytes());
            } catch (RuntimeException ex) {
                perSecond = "unknown: " + ex.getMessage();
                bytes = "";
            }
            table.addRow().addContent(e.name(), isDefault ? "yes" : "", e.title() == null ? "" : e.title(), e.ranking(),
                    perSecond, bytes);
        }
        table.print(System.out);
        if (!defaultRegistered) {
            System.out.println("The default sender '" + defaultSender + "' is not registered: accounts without a sender "
                    + "of their own wait (defaultSender in etc/io.neuromail.delivery.cfg).");
        }
        return null;
    }
}
