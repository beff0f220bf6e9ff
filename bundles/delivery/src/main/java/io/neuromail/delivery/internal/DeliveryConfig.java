package io.neuromail.delivery.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.neuromail.delivery} ({@code etc/io.neuromail.delivery.cfg}). */
@ObjectClassDefinition(name = "NeuroMail delivery",
        description = "The ledger's workers, retries, the default sender, bounce handling and the SES webhook")
public @interface DeliveryConfig {

    String PID = "io.neuromail.delivery";

    @AttributeDefinition(name = "Workers", description = "Worker threads of this node that hand messages to senders")
    int workers() default 2;

    @AttributeDefinition(name = "Batch size", description = "Ledger rows a worker claims at once (the in-flight batch)")
    int batchSize() default 100;

    @AttributeDefinition(name = "Concurrent hand-offs",
            description = "Messages of this node being handed to senders at the same time; their starts keep to the rate")
    int concurrency() default 32;

    @AttributeDefinition(name = "Claim lease (seconds)",
            description = "A claimed row not handed off within this time goes back to the queue")
    int leaseSeconds() default 30;

    @AttributeDefinition(name = "Hand-off lease (seconds)",
            description = "A row handed to a sender whose answer is not recorded within this time becomes uncertain")
    int handoffLeaseSeconds() default 300;

    @AttributeDefinition(name = "Idle poll (milliseconds)", description = "How often an idle worker looks for work")
    int idlePollMillis() default 250;

    @AttributeDefinition(name = "Wait for sender (seconds)",
            description = "How long messages wait before a worker looks again for an unregistered sender")
    int senderWaitSeconds() default 2;

    @AttributeDefinition(name = "Maximum attempts", description = "Transient failures are retried up to this many attempts")
    int maxAttempts() default 8;

    @AttributeDefinition(name = "First retry delay (milliseconds)", description = "Doubles with every attempt, with jitter")
    long retryBaseMillis() default 2000;

    @AttributeDefinition(name = "Longest retry delay (milliseconds)")
    long retryMaxMillis() default 3_600_000;

    @AttributeDefinition(name = "Default sender", description = "The sender of accounts that chose none")
    String defaultSender() default "outbox";

    @AttributeDefinition(name = "Node id",
            description = "Names this node in leases; empty derives it from the host name and the data folder. "
                    + "Two nodes must never share it")
    String nodeId() default "";

    @AttributeDefinition(name = "Unsubscribe mailbox",
            description = "An address that takes unsubscribe requests by mail, offered as a mailto: in List-Unsubscribe "
                    + "beside the HTTPS link; empty offers the link only")
    String unsubscribe_mailbox() default "";

    @AttributeDefinition(name = "System mail sender",
            description = "The From address of mail NeuroMail itself sends to its users (address verification, "
                    + "password reset); an address of a domain the operator sends from")
    String systemFrom() default "neuromail@localhost.localdomain";

    @AttributeDefinition(name = "Unsubscribe token secret", type = AttributeType.PASSWORD,
            description = "Signs List-Unsubscribe tokens; empty keeps a random one in the data folder")
    String unsubscribe_secret() default "";

    @AttributeDefinition(name = "SES configuration set",
            description = "Sent as X-SES-CONFIGURATION-SET through SES senders so that SES publishes bounces and complaints")
    String ses_configurationSet() default "";

    @AttributeDefinition(name = "SES sender names",
            description = "Regular expression of sender names that are Amazon SES; they get the SES feedback headers")
    String ses_senderNamePattern() default "ses.*";

    @AttributeDefinition(name = "Allowed SNS topic ARNs",
            description = "Only notifications and subscription confirmations of these topics are accepted")
    String[] webhook_ses_topicArns() default {};

    @AttributeDefinition(name = "SNS message age limit (seconds)", description = "Older notifications are refused")
    int webhook_ses_maxAgeSeconds() default 3600;

    @AttributeDefinition(name = "Test-only SNS certificate base URL",
            description = "TESTS ONLY: trust signing certificates under this URL in addition to Amazon SNS hosts. "
                    + "Leave empty in production")
    String webhook_ses_testCertificateBaseUrl() default "";

    @AttributeDefinition(name = "Bounce rate that pauses a send (percent)")
    double autoPause_bounceRatePercent() default 5.0;

    @AttributeDefinition(name = "Complaint rate that pauses a send (percent)")
    double autoPause_complaintRatePercent() default 0.1;

    @AttributeDefinition(name = "Minimum sample for auto-pause",
            description = "A send is paused on its rates only after this many of its messages were sent")
    int autoPause_minimumSent() default 100;

    @AttributeDefinition(name = "Refuse SNS signature version 1",
            description = "Refuse SES webhook messages signed with SHA1withRSA (SignatureVersion 1); set the topic's "
                    + "SignatureVersion attribute to 2 first")
    boolean webhook_ses_refuseSignatureVersion1() default false;
}
