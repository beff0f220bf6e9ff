package io.neuromail.contacts.internal.imports;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Operator settings of contact imports ({@code etc/io.neuromail.contacts.cfg}). */
@ObjectClassDefinition(name = "NeuroMail contact imports", description = "Limits and workers of CSV contact imports.")
public @interface ImportConfig {

    String PID = "io.neuromail.contacts";

    @AttributeDefinition(name = "Upload limit (MB)", description = "Largest CSV file accepted, in megabytes.", min = "1")
    int maxUploadMegabytes() default 1024;

    @AttributeDefinition(name = "Unfinished uploads per account (MB)",
            description = "Most megabytes of uploaded files an account may have waiting (uploaded, queued or running imports);"
                    + " a further upload is refused with 413 until some finish or are cancelled.", min = "1")
    int accountUploadQuotaMegabytes() default 2048;

    @AttributeDefinition(name = "Parallel imports", description = "Imports that run at the same time on this node; others wait.",
            min = "1", max = "16")
    int workers() default 2;

    @AttributeDefinition(name = "Unstarted upload lifetime (hours)",
            description = "Uploaded files that are never started are deleted after this many hours.", min = "1")
    int uploadLifetimeHours() default 24;

    @AttributeDefinition(name = "Clean-up interval (minutes)",
            description = "How often uploads older than their lifetime are cancelled and their files deleted.", min = "1")
    int cleanupIntervalMinutes() default 60;

    @AttributeDefinition(name = "Import lease (seconds)",
            description = "A running import belongs to the node running it while that node renews its lease (every"
                    + " third of this time). Nodes sharing one database take over an import whose lease ran out: its"
                    + " node stopped. Longer than any pause a node may have.", min = "10")
    int leaseSeconds() default 60;
}
