package io.neuromail.filters.internal.pipeline;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.neuromail.filters} ({@code etc/io.neuromail.filters.cfg}): the operator's defaults. */
@ObjectClassDefinition(name = "NeuroMail content filters", description = "Defaults of the content filter pipeline; accounts may override thresholds and switch filters off")
public @interface PipelineConfig {

    String PID = "io.neuromail.filters";

    @AttributeDefinition(name = "Warning threshold", description = "Total score from which a message is warned about")
    double warnThreshold() default 5.0;

    @AttributeDefinition(name = "Blocking threshold", description = "Score of danger findings (malicious or deceptive links, phishing, explicit content) from which a message is blocked; spam findings only warn")
    double blockThreshold() default 10.0;

    @AttributeDefinition(name = "Disabled filters", description = "Names of filters that do not run unless an account switches them on")
    String[] disabledFilters() default {};

    @AttributeDefinition(name = "Locked filters",
            description = "Names of filters that always run: no account can switch them off")
    String[] lockedFilters() default {"links", "phishing"};

    @AttributeDefinition(name = "Highest blocking threshold",
            description = "The highest blocking threshold an account may set; a higher one is refused")
    double maxBlockThreshold() default 15.0;

    @AttributeDefinition(name = "Time limit (ms)", description = "How long one filter may take on one message, unless it sets its own limit")
    long timeoutMillis() default 2000;
}
