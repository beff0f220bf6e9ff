package io.neuromail.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.neuromail.metrics.cfg}: who may read {@code /metrics}. */
@ObjectClassDefinition(name = "NeuroMail metrics", description = "Who may read the Prometheus metrics at /metrics")
public @interface MetricsConfig {

    String PID = "io.neuromail.metrics";

    @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD, required = false,
            description = "A scraper that sends 'Authorization: Bearer <token>' may read /metrics from anywhere. "
                    + "Empty (the default): only callers on this machine may. Use at least 32 random characters.")
    String token() default "";

    @AttributeDefinition(name = "Allow this machine",
            description = "Whether a caller on this machine (a loopback peer that no proxy header speaks for) may "
                    + "read /metrics without the token")
    boolean allowLoopback() default true;
}
