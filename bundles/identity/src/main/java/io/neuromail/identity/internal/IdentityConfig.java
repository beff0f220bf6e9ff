package io.neuromail.identity.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.neuromail.identity} ({@code etc/io.neuromail.identity.cfg}). */
@ObjectClassDefinition(name = "NeuroMail identity", description = "Sessions, password hashing and rate limits")
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

    @AttributeDefinition(name = "Trusted reverse proxies",
            description = "Addresses of reverse proxies whose X-Forwarded-For header names the real client; "
                    + "leave empty when clients connect directly")
    String[] clientAddress_trustedProxies() default {};
}
