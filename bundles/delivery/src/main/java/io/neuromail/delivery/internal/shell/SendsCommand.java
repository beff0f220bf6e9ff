package io.neuromail.delivery.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.neuromail.api.rest.ApiException;
import io.neuromail.delivery.internal.OperatorSends;
import io.neuromail.delivery.internal.Views.SendView;

/**
 * {@code neuromail:sends}: the newest sends of every account; {@code neuromail:sends pause|resume|cancel
 * <send id>} changes one with the same rules as the API.
 */
@Command(scope = "neuromail", name = "sends",
        description = "Lists the newest sends of all accounts, or pauses, resumes or cancels one by id")
@Service
public class SendsCommand implements Action {

    @Argument(index = 0, name = "action", description = "list (the default), pause, resume or cancel", required = false)
    @Completion(SendActionCompleter.class)
    private String action;

    @Argument(index = 1, name = "send id", description = "The send to pause, resume or cancel", required = false)
    @Completion(SendIdCompleter.class)
    private String sendId;

    @Option(name = "--account", description = "Only this account's sends")
    @Completion(SendAccountCompleter.class)
    private String account;

    @Option(name = "--state", description = "Only sends in this state (running, paused, auto-paused, cancelled, finished)")
    private String state;

    @Option(name = "--limit", description = "At most this many sends (default 50, at most 500)")
    private int limit = 50;

    @Reference
    private OperatorSends sends;

    @Override
    public Object execute() {
        if (action == null || action.equals("list")) {
            list();
            return null;
        }
        if (!OperatorSends.ACTIONS.contains(action)) {
            System.err.println("Unknown action '" + action + "': use list, pause, resume or cancel");
            return null;
        }
        if (sendId == null) {
            System.err.println("Which send? neuromail:sends " + action + " <send id>");
            return null;
        }
        try {
            SendView done = sends.act(sendId, action);
            System.out.println("Send " + done.id() + " is " + done.state());
        } catch (ApiException refused) {
            System.err.println("Not done: " + refused.getMessage());
        } catch (IllegalArgumentException refused) {
            System.err.println("Not done: " + refused.getMessage());
        }
        return null;
    }

    private void list() {
        List<OperatorSends.Listed> listed = sends.recent(blankToNull(account), blankToNull(state), limit);
        ShellTable table = new ShellTable();
        table.column("Send");
        table.column("Account");
        table.column("State");
        table.column("Sender");
        table.column("Total");
        table.column("Sent");
        table.column("Queued");
        table.column("Failed");
        table.column("Uncertain");
        table.column("Created");
        table.column("Subject");
        for (OperatorSends.Listed l : listed) {
            SendView s = l.send();
            table.addRow().addContent(s.id(), l.accountId(), s.state(), s.senderName() == null ? "" : s.senderName(),
                    s.total(), count(s, "sent"), count(s, "queued") + count(s, "handed_off"), count(s, "failed"),
                    count(s, "uncertain"), s.createdAt(), abbreviate(s.subject()));
        }
        table.print(System.out);
        if (listed.isEmpty()) {
            System.out.println("No sends.");
        }
    }

    private static long count(SendView s, String state) {
        return s.counts() == null ? 0 : s.counts().getOrDefault(state, 0L);
    }

    private static String abbreviate(String subject) {
        if (subject == null) {
            return "";
        }
        return subject.length() <= 40 ? subject : subject.substring(0, 39) + "…";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
