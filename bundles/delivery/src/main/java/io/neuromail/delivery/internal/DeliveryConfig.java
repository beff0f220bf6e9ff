package io.neuromail.delivery.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.neuromail.delivery} ({@code etc/io.neuromail.delivery.cfg}). */
@ObjectClassDefinition(name = "NeuroMail delivery",
        description = "The ledger's workers, retries, the default sender and bounce handling")
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
            description = "Signs List-Unsubscribe tokens; empty uses a random one kept in the database, shared by all nodes")
    String unsubscribe_secret() default "";

    @AttributeDefinition(name = "Bounce rate that pauses a send (percent)")
    double autoPause_bounceRatePercent() default 5.0;

    @AttributeDefinition(name = "Complaint rate that pauses a send (percent)")
    double autoPause_complaintRatePercent() default 0.1;

    @AttributeDefinition(name = "Minimum sample for auto-pause",
            description = "A send is paused on its rates only after this many of its messages were sent")
    int autoPause_minimumSent() default 100;
}
