package io.neuromail.identity.internal.shell;

import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.neuromail.identity.internal.BreachNotices;
import io.neuromail.identity.internal.BreachNotices.AccountOutcome;
import io.neuromail.identity.internal.BreachNotices.Totals;

/**
 * {@code neuromail:breach-notify --subject "..." --text notice.txt (--all | accountId...)}: the breach
 * protocol's "notify within 72 hours". Mails the text to the owners of every account or of the ones
 * named, records it in each account's activity log, and prints what happened to each account.
 */
@Command(scope = "neuromail", name = "breach-notify",
        description = "Mails a security notice to the owners of all accounts (--all) or of the accounts named, "
                + "and records it in each account's activity log",
        detailedDescription = "The text comes from a UTF-8 file of at most 64 KB, sent as it is, as plain text, through "
                + "the same path as sign-up and password-reset mails. Each account's activity log gets an entry "
                + "security.breach-notified with the subject (not the text). Prints, for each account, notified or "
                + "failed (and why), then the totals. Ids that are no account's are reported and get nothing.")
@Service
public class BreachNotifyCommand implements Action {

    @Option(name = "--subject", aliases = "-s", description = "The subject line of the notice (at most 200 characters)")
    private String subject;

    @Option(name = "--text", aliases = "-t", description = "The file (on this server) with the notice's text: UTF-8, "
            + "not empty, at most 64 KB")
    private String textFile;

    @Option(name = "--all", description = "Notify the owners of every account")
    private boolean all;

    @Argument(index = 0, name = "accountId", description = "The accounts to notify (see neuromail:accounts), "
            + "instead of --all", required = false, multiValued = true)
    private List<String> accountIds;

    @Reference
    private BreachNotices notices;

    @Override
    public Object execute() {
        List<String> problems = BreachNotices.problems(subject, all, accountIds);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("Nothing sent: " + p));
            return null;
        }
        String text;
        try {
            text = BreachNotices.readText(textFile == null ? null : Path.of(textFile));
        } catch (IllegalArgumentException refused) {
            System.err.println("Nothing sent: " + refused.getMessage());
            return null;
        }
        if (!notices.canSend()) {
            System.err.println("Nothing sent: no transactional mail service is running (the neuromail-delivery feature)");
            return null;
        }
        Totals totals = notices.send(subject, text, all, accountIds, this::print);
        System.out.println("Total: notified " + totals.notified() + ", failed " + totals.failed() + ", unknown "
                + totals.unknown() + "; mails queued " + totals.mails() + ".");
        return null;
    }

    private void print(AccountOutcome outcome) {
        String line = switch (outcome.status()) {
            case NOTIFIED -> "notified (" + outcome.queued() + (outcome.queued() == 1 ? " address)" : " addresses)");
            case FAILED -> "failed (" + String.join("; ", outcome.problems()) + ")"
                    + (outcome.queued() > 0 ? ", but " + outcome.queued() + " notified" : "");
            case UNKNOWN -> "unknown account: nothing sent";
        };
        System.out.println(outcome.accountId() + "  " + line);
    }
}
