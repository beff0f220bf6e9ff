package io.neuromail.identity.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.neuromail.identity.internal.IdentityService;

/**
 * {@code neuromail:account-create <email> [account name]}: prints a single-use invitation link; the
 * account exists once the invitee opens it and chooses a password. Works in every sign-up mode.
 */
@Command(scope = "neuromail", name = "account-create",
        description = "Invites someone to a new account: prints a single-use link where they choose their password")
@Service
public class AccountCreateCommand implements Action {

    @Argument(index = 0, name = "email", description = "The address of the account's owner", required = true)
    private String email;

    @Argument(index = 1, name = "account name", description = "The account's name (default: the address's domain)",
            required = false, multiValued = true)
    private java.util.List<String> accountName;

    @Reference
    private IdentityService identity;

    @Override
    public Object execute() {
        String name = accountName == null ? null : String.join(" ", accountName);
        try {
            String link = identity.invite(email, name);
            System.out.println("Invitation for " + email + " (single use): " + link);
            if (!link.startsWith("http")) {
                System.out.println("Set baseUrl in etc/io.neuromail.public.cfg to get a whole link; "
                        + "until then put this server's address in front of it.");
            }
        } catch (IllegalArgumentException refused) {
            System.err.println("Not created: " + refused.getMessage());
        }
        return null;
    }
}
