package io.neuromail.sender.smtp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One SMTP relay: a factory configuration {@code io.neuromail.sender.smtp-<anything>.cfg} per relay. */
@ObjectClassDefinition(name = "NeuroMail SMTP sender",
        description = "One SMTP relay NeuroMail sends through. Create one configuration per relay.")
public @interface SmtpConfig {

    @AttributeDefinition(name = "Name",
            description = "The sender's name as accounts choose it: lower-case letters, digits and '-', unique per system")
    String name() default "smtp";

    @AttributeDefinition(name = "Title", required = false,
            description = "Shown in the sender settings; the name when empty")
    String title() default "";

    @AttributeDefinition(name = "Host", description = "The relay's host name or address")
    String host() default "localhost";

    @AttributeDefinition(name = "Port", description = "25 or 587 for plain/STARTTLS, 465 for implicit TLS", min = "1", max = "65535")
    int port() default 25;

    @AttributeDefinition(name = "Security", description = "How the connection is protected", options = {
            @Option(value = "starttls", label = "STARTTLS (required, the connection fails without it)"),
            @Option(value = "tls", label = "Implicit TLS (SMTPS, usually port 465)"),
            @Option(value = "none", label = "None (only for a relay on the same host or a trusted network)")})
    String security() default "starttls";

    @AttributeDefinition(name = "User name", required = false, description = "SMTP AUTH user; empty: no authentication")
    String username() default "";

    @AttributeDefinition(name = "Password", required = false, type = AttributeType.PASSWORD, description = "SMTP AUTH password")
    String password() default "";

    @AttributeDefinition(name = "Trusted TLS hosts", required = false,
            description = "Hosts whose TLS certificate is accepted without validation (space separated, '*' for all). "
                    + "Empty: the certificate must be valid for the host name. Only for relays with a self-signed "
                    + "certificate on a trusted network.")
    String tlsTrustedHosts() default "";

    @AttributeDefinition(name = "Messages per second", description = "The most this relay accepts, over all workers and nodes")
    double maxPerSecond() default 10;

    @AttributeDefinition(name = "Largest message (bytes)", description = "Larger messages are refused without a try")
    long maxMessageBytes() default 10_485_760L;

    @AttributeDefinition(name = "Connections", description = "How many connections to the relay are kept open and used at once",
            min = "1", max = "100")
    int connections() default 4;

    @AttributeDefinition(name = "Connect time-out (seconds)", min = "1")
    int connectTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Read time-out (seconds)", description = "How long to wait for an answer of the relay", min = "1")
    int readTimeoutSeconds() default 120;

    @AttributeDefinition(name = "HELO name", required = false,
            description = "The name NeuroMail gives itself in EHLO; empty: this host's name")
    String heloName() default "";

    @AttributeDefinition(name = "Ranking", description = "With fallback on, the sender with the highest ranking takes over")
    int service_ranking() default 0;
}
