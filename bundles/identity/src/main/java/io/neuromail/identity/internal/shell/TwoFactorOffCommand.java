package io.neuromail.identity.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.neuromail.identity.internal.TwoFactorService;

/**
 * {@code neuromail:two-factor-off <email>}: for a user who lost both the authenticator app and the
 * recovery codes. Logging in then takes the password alone; the account's activity log records it.
 */
@Command(scope = "neuromail", name = "two-factor-off",
        description = "Turns two-factor authentication off for a user who lost the app and the recovery codes")
@Service
public class TwoFactorOffCommand implements Action {

    @Argument(index = 0, name = "email", description = "The user's address", required = true)
    private String email;

    @Reference
    private TwoFactorService twoFactor;

    @Override
    public Object execute() {
        try {
            if (twoFactor.turnOffByOperator(email)) {
                System.out.println("Two-factor authentication is off for " + email + ": the password alone logs in now. "
                        + "Ask them to set it up again on the Security page.");
            } else {
                System.out.println("Two-factor authentication was not on for " + email + "; nothing changed.");
            }
        } catch (IllegalArgumentException refused) {
            System.err.println("Nothing changed: " + refused.getMessage());
        }
        return null;
    }
}
