package io.neuromail.tracking.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the tracking bundle ({@code etc/io.neuromail.tracking.cfg}): the public unsubscribe
 * endpoints, and the recording of opens and clicks.
 */
@ObjectClassDefinition(name = "NeuroMail tracking",
        description = "The public unsubscribe page, RFC 8058 one-click unsubscribe, open and click tracking")
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

    @AttributeDefinition(name = "Hits waiting to be stored",
            description = "Capacity of the in-memory queue between the open and click addresses and the writer. "
                    + "When it is full a hit is still answered normally but not recorded (counted and logged)")
    int queue_capacity() default 100_000;

    @AttributeDefinition(name = "Client addresses stored",
            description = "truncated: the /24 of an IPv4 and the /48 of an IPv6 address; none: no address; "
                    + "full: the whole address")
    IpStorage ipAddresses() default IpStorage.truncated;

    @AttributeDefinition(name = "Bot list",
            description = "A text file of case-insensitive user-agent substrings, one a line, '#' comments. "
                    + "Empty: the list built into the bundle")
    String botsFile() default "${karaf.etc}/neuromail/tracking/bots.txt";

    @AttributeDefinition(name = "Apple proxy networks",
            description = "A CSV file whose first column is a network in CIDR notation: the egress ranges Apple "
                    + "publishes for its privacy proxies (https://mask-api.icloud.com/egress-ip-ranges.csv). Opens "
                    + "from them are Apple Mail Privacy Protection's. Missing or empty: 17.0.0.0/8 and the proxy's "
                    + "user agent only")
    String appleEgressFile() default "${karaf.etc}/neuromail/tracking/apple-egress.csv";

    @AttributeDefinition(name = "Too-soon opens (seconds)",
            description = "An open within this many seconds of the message being sent is a machine's (a "
                    + "gateway scanning the mail on arrival)")
    int tooSoonSeconds() default 2;

    /** How much of a client's address is kept with an event. */
    enum IpStorage {
        truncated, none, full
    }
}
