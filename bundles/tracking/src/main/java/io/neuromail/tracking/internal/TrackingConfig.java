package io.neuromail.tracking.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the public unsubscribe endpoints ({@code etc/io.neuromail.tracking.cfg}). */
@ObjectClassDefinition(name = "NeuroMail tracking",
        description = "The public unsubscribe page and RFC 8058 one-click unsubscribe")
public @interface TrackingConfig {

    /** The configuration PID, also the component's name. */
    String PID = "io.neuromail.tracking";

    @AttributeDefinition(name = "Requests per client address per minute",
            description = "Unsubscribe pages and posts one client address may make per minute (a burst of as many, "
                    + "refilled evenly); more are answered 429 with Retry-After. Mail providers post one-click "
                    + "unsubscribes from few addresses: raise this for large sends")
    int rateLimit_requestsPerMinute() default 60;

    @AttributeDefinition(name = "Client addresses remembered",
            description = "The rate limit's memory bound; beyond it the fullest buckets are forgotten first")
    int rateLimit_maxClients() default 10_000;

    @AttributeDefinition(name = "Undo window (days)",
            description = "How long after unsubscribing the recipient can take it back from the page")
    int undoDays() default 7;
}
