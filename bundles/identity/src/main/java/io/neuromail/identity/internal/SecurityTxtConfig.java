package io.neuromail.identity.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.neuromail.securitytxt} ({@code etc/io.neuromail.securitytxt.cfg}): the
 * fields of {@code /.well-known/security.txt}. Its own PID, so that editing it restarts nothing of the
 * sign-in machinery.
 */
@ObjectClassDefinition(name = "NeuroMail security.txt",
        description = "What /.well-known/security.txt (RFC 9116) tells security researchers; without a contact there is none (404)")
public @interface SecurityTxtConfig {

    String PID = "io.neuromail.securitytxt";

    @AttributeDefinition(name = "Contact", required = false,
            description = "Where to report vulnerabilities, most preferred first: mailto: addresses (or plain addresses) "
                    + "or https: URLs, separated by commas. Without one, security.txt is not served")
    String[] contact() default {};

    @AttributeDefinition(name = "Expires (fixed)", required = false,
            description = "A fixed expiry such as 2027-06-30T00:00:00Z; empty: expiresDays after today")
    String expires() default "";

    @AttributeDefinition(name = "Expires after (days)",
            description = "When no fixed expiry is set, the file says it expires this many days after today (1 to 366)")
    int expiresDays() default 180;

    @AttributeDefinition(name = "Encryption", required = false,
            description = "https: URLs of the OpenPGP key to encrypt reports with, separated by commas")
    String[] encryption() default {};

    @AttributeDefinition(name = "Policy", required = false,
            description = "An https: URL of the disclosure policy (what to report, how, what you promise)")
    String policy() default "";

    @AttributeDefinition(name = "Preferred languages", required = false,
            description = "Language tags of the reports you can read, separated by commas, e.g. en, de")
    String preferredLanguages() default "";
}
