package io.neuromail.identity.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.neuromail.identity.internal.AccountSummary;
import io.neuromail.identity.internal.IdentityService;

/** {@code neuromail:accounts}: every account, oldest first, with its owner and number of users. */
@Command(scope = "neuromail", name = "accounts",
        description = "Lists the accounts, oldest first: id, name, owner, users, created, whether the owner confirmed the address")
@Service
public class AccountsCommand implements Action {

    @Option(name = "--limit", description = "At most this many accounts (default 100, at most 1000)")
    private int limit = 100;

    @Option(name = "--offset", description = "Skip this many accounts first")
    private int offset;

    @Reference
    private IdentityService identity;

    @Override
    public Object execute() {
        List<AccountSummary> accounts = identity.accounts(limit, offset);
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Owner");
        table.column("Users");
        table.column("Created");
        table.column("Confirmed");
        for (AccountSummary a : accounts) {
            table.addRow().addContent(a.id(), a.name() == null ? "" : a.name(), a.owner() == null ? "(invited)" : a.owner(),
                    a.users(), a.createdAt(), a.verified() ? "yes" : "no");
        }
        table.print(System.out);
        if (accounts.isEmpty()) {
            System.out.println("No accounts.");
        }
        return null;
    }
}
