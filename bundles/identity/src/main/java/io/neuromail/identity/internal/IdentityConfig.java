package io.neuromail.identity.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code io.neuromail.identity} ({@code etc/io.neuromail.identity.cfg}). */
@ObjectClassDefinition(name = "NeuroMail identity", description = "Sign-up, sessions, password hashing, rate limits and clean-up")
public @interface IdentityConfig {

    String PID = "io.neuromail.identity";

    @AttributeDefinition(name = "Session idle time-out (minutes)",
            description = "A browser session ends after this long without a request")
    int session_idleTimeoutMinutes() default 30;

    @AttributeDefinition(name = "Session absolute time-out (hours)",
            description = "A browser session ends this long after login, however active")
    int session_absoluteTimeoutHours() default 12;

    @AttributeDefinition(name = "bcrypt cost", description = "Work factor of password hashes; at least 12")
    int password_bcryptCost() default 12;

    @AttributeDefinition(name = "Failed logins per account from one client address",
            description = "Failed logins allowed for one account from one client address within the window; "
                    + "then that address gets 429 for that account (other addresses are not affected)")
    int rateLimit_loginFailuresPerAccountAndAddress() default 5;

    @AttributeDefinition(name = "Failed logins per account before delays",
            description = "Failed logins of one account, from any address, within the window before every further "
                    + "attempt must wait a delay that doubles with each failure (1 s, 2 s, 4 s ...)")
    int rateLimit_loginFailuresPerAccount() default 10;

    @AttributeDefinition(name = "Longest login delay (seconds)",
            description = "The most an account's progressive delay makes a login wait")
    int rateLimit_loginDelayMaxSeconds() default 60;

    @AttributeDefinition(name = "Failed logins per client address",
            description = "Failed logins allowed per client address within the window before 429")
    int rateLimit_loginFailuresPerAddress() default 30;

    @AttributeDefinition(name = "Failed-login window (minutes)")
    int rateLimit_loginFailureWindowMinutes() default 15;

    @AttributeDefinition(name = "API requests per key per minute")
    int rateLimit_apiRequestsPerMinute() default 600;

    @AttributeDefinition(name = "Sign-ups per client address per hour")
    int rateLimit_signupsPerAddressPerHour() default 20;

    @AttributeDefinition(name = "Sign-up mode",
            description = "open: anyone signs up and may send at once; verify-email: anyone signs up and may sign in, "
                    + "but sends nothing until the owner confirms the address by the link mailed to it; invite: "
                    + "only the operator creates accounts (neuromail:account-create), by invitation link; "
                    + "closed: no new accounts",
            options = {
                @Option(label = "open", value = "open"),
                @Option(label = "verify-email", value = "verify-email"),
                @Option(label = "invite", value = "invite"),
                @Option(label = "closed", value = "closed")
            })
    String signup_mode() default "verify-email";

    @AttributeDefinition(name = "Address confirmation link lifetime (hours)")
    int signup_verificationLinkHours() default 48;

    @AttributeDefinition(name = "Invitation link lifetime (days)")
    int signup_invitationDays() default 7;

    @AttributeDefinition(name = "Password reset requests per client address per hour",
            description = "Then 429")
    int rateLimit_passwordResetsPerAddressPerHour() default 10;

    @AttributeDefinition(name = "Password reset mails per account per hour",
            description = "Further requests get the same answer but send no mail")
    int rateLimit_passwordResetsPerAccountPerHour() default 3;

    @AttributeDefinition(name = "Clean-up interval (minutes)",
            description = "How often ended sessions and used or expired links are deleted")
    int cleanup_intervalMinutes() default 60;

    @AttributeDefinition(name = "Trusted reverse proxies",
            description = "Addresses of reverse proxies whose X-Forwarded-For header names the real client; "
                    + "leave empty when clients connect directly")
    String[] clientAddress_trustedProxies() default {};

    @AttributeDefinition(name = "Two-factor key file",
            description = "The file holding the AES-256 key that encrypts the users' TOTP secrets in the database "
                    + "(Base64 of 32 bytes on one line). Relative paths are under Karaf's etc/. When it does not "
                    + "exist, a new key is made and written there at start-up. Keep it outside the database's "
                    + "backups, back it up apart, and give every node the same file")
    String twoFactor_keyFile() default "neuromail/two-factor.key";

    @AttributeDefinition(name = "Two-factor key", type = AttributeType.PASSWORD,
            description = "The key itself (Base64 of 32 bytes) instead of a key file, e.g. from a secret store; "
                    + "when set, the key file is not read")
    String twoFactor_key() default "";

    @AttributeDefinition(name = "Issuer shown in authenticator apps",
            description = "The name under which the authenticator app lists the entry, beside the user's email")
    String twoFactor_issuer() default "NeuroMail";

    @AttributeDefinition(name = "Second login step time-out (minutes)",
            description = "After the right password, how long a user with two-factor authentication has to enter a code")
    int twoFactor_loginStepMinutes() default 5;

    @AttributeDefinition(name = "Activity log retention (days)",
            description = "Activity entries older than this are deleted by the clean-up, oldest first, leaving a "
                    + "signed checkpoint so the rest still verifies; 0 keeps every entry forever")
    int activityRetentionDays() default 400;

    @AttributeDefinition(name = "Activity checkpoint key file",
            description = "The file holding the HMAC-SHA256 key that signs the checkpoint left when old activity is "
                    + "pruned (Base64 of 32 bytes on one line). Relative paths are under Karaf's etc/. When it does not "
                    + "exist, a new key is made and written there at start-up. Keep it outside the database's backups, "
                    + "back it up apart, and give every node the same file")
    String activityCheckpoint_keyFile() default "neuromail/activity-checkpoint.key";

    @AttributeDefinition(name = "Activity checkpoint key", type = AttributeType.PASSWORD,
            description = "The key itself (Base64 of 32 bytes) instead of a key file, e.g. from a secret store; "
                    + "when set, the key file is not read")
    String activityCheckpoint_key() default "";
}
