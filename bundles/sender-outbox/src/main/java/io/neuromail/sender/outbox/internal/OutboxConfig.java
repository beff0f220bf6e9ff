package io.neuromail.sender.outbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.neuromail.sender.outbox} ({@code etc/io.neuromail.sender.outbox.cfg}). */
@ObjectClassDefinition(name = "NeuroMail outbox sender",
        description = "Keeps every message as an .eml file instead of sending it")
public @interface OutboxConfig {

    String PID = "io.neuromail.sender.outbox";

    @AttributeDefinition(name = "Folder",
            description = "Where the messages are kept, one sub-folder per account; empty means data/neuromail/outbox")
    String directory() default "";

    @AttributeDefinition(name = "Messages per second", description = "The rate the outbox declares to the ledger")
    double maxPerSecond() default 50;

    @AttributeDefinition(name = "Largest message (bytes)")
    long maxMessageBytes() default 10_485_760;
}
