package io.neuromail.sender.ses.internal.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The SES feedback webhook: {@code etc/io.neuromail.sender.ses.webhook.cfg}. */
@ObjectClassDefinition(name = "NeuroMail Amazon SES feedback webhook",
        description = "POST /api/v1/webhooks/ses: Amazon SNS notifications of SES bounces and complaints")
public @interface SesWebhookConfig {

    /** The configuration PID. */
    String PID = "io.neuromail.sender.ses.webhook";

    @AttributeDefinition(name = "Allowed SNS topic ARNs", required = false,
            description = "Only notifications and subscription confirmations of these topics are accepted")
    String[] topicArns() default {};

    @AttributeDefinition(name = "SNS message age limit (seconds)", description = "Older notifications are refused")
    int maxAgeSeconds() default 3600;

    @AttributeDefinition(name = "Refuse SNS signature version 1",
            description = "Refuse messages signed with SHA1withRSA (SignatureVersion 1); set the topic's "
                    + "SignatureVersion attribute to 2 first")
    boolean refuseSignatureVersion1() default false;

    @AttributeDefinition(name = "Test-only SNS certificate base URL", required = false,
            description = "TESTS ONLY: trust signing certificates under this loopback URL in addition to Amazon SNS "
                    + "hosts. Leave empty in production")
    String testCertificateBaseUrl() default "";
}
