package io.neuromail.senderidentity.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.neuromail.senderidentities} ({@code etc/io.neuromail.senderidentities.cfg}).
 * Verification links start with the public address of {@code etc/io.neuromail.public.cfg}.
 */
@ObjectClassDefinition(name = "NeuroMail sender identities",
        description = "Operator pre-verified domains, the DNS resolver that checks domains, verification links")
public @interface SenderIdentitiesConfig {

    String PID = "io.neuromail.senderidentities";

    @AttributeDefinition(name = "Pre-verified domains",
            description = "Comma-separated domains every account may send from without verifying them: an entry "
                    + "'example.com' applies to every account, 'example.com:ACCOUNTID1+ACCOUNTID2' only to the named "
                    + "accounts. Empty: none")
    String[] preVerifiedDomains() default {};

    @AttributeDefinition(name = "DNS server",
            description = "host:port (or host, port 53) of the DNS resolver that domain checks ask; "
                    + "empty: the system's resolvers")
    String dns_server() default "";

    @AttributeDefinition(name = "DNS timeout (seconds)", description = "How long one DNS question may take")
    int dns_timeoutSeconds() default 5;

    @AttributeDefinition(name = "SPF include",
            description = "The domain of your sending infrastructure that domains should include in their SPF record, "
                    + "e.g. amazonses.com; empty suggests 'v=spf1 mx ~all'")
    String spf_include() default "";

    @AttributeDefinition(name = "Verification link lifetime (seconds)", description = "86400: a day")
    int verification_ttlSeconds() default 86_400;

    @AttributeDefinition(name = "Resend interval (seconds)",
            description = "A verification mail is sent again for the same address at most this often")
    int verification_resendSeconds() default 60;

    @AttributeDefinition(name = "Verification mails per account and hour",
            description = "Adding or resending addresses mails at most this many links per account in an hour")
    int verification_mailsPerHour() default 20;

    @AttributeDefinition(name = "Identities per account", description = "How many addresses and domains an account may add")
    int maxIdentitiesPerAccount() default 100;

    @AttributeDefinition(name = "Re-check interval (seconds)",
            description = "Verified domains are checked again in DNS this often; 0: never (86400: a day)")
    int recheck_intervalSeconds() default 86_400;

    @AttributeDefinition(name = "Grace period (seconds)",
            description = "How long a verified domain whose verification record has gone stays verified before "
                    + "mail from it stops (259200: three days); 0: it fails at once")
    int recheck_graceSeconds() default 259_200;
}
