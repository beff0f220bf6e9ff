package io.neuromail.identity.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.neuromail.identity.internal.ActivityChainService;
import io.neuromail.identity.internal.ActivityChainService.Report;

/**
 * {@code neuromail:activity-verify [account]}: checks the hash chain of one account's activity log,
 * or of every account, one line each, and says where the first broken link is.
 */
@Command(scope = "neuromail", name = "activity-verify",
        description = "Checks that the activity log of an account (or of every account) was not changed, deleted or reordered")
@Service
public class ActivityVerifyCommand implements Action {

    @Argument(index = 0, name = "account", description = "The account id; every account when left out")
    private String account;

    @Reference
    private ActivityChainService chain;

    @Override
    public Object execute() {
        List<Report> reports = account == null || account.isBlank() ? chain.verifyAll() : List.of(chain.verify(account.strip()));
        for (Report r : reports) {
            System.out.println(line(r));
        }
        if (reports.isEmpty()) {
            System.out.println("No account has an activity log yet.");
        }
        return null;
    }

    static String line(Report r) {
        String from = r.checkpoint() == null ? "" : ", after the checkpoint at position " + r.checkpoint().position();
        if (r.intact()) {
            return r.accountId() + " intact: " + r.entries() + " entries" + from;
        }
        var b = r.firstBroken();
        String where = b.position() == null ? "an entry outside the chain" : "position " + b.position();
        String entry = b.entryId() == null ? "" : " (entry " + b.entryId() + ")";
        return r.accountId() + " BROKEN at " + where + entry + ": " + b.reason() + "; " + r.entries()
                + " entries verified before it" + from;
    }
}
