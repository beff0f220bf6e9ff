package io.neuromail.sender.ses.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Amazon SES sender: {@code etc/io.neuromail.sender.ses.cfg}. */
@ObjectClassDefinition(name = "NeuroMail Amazon SES sender",
        description = "Sends through Amazon SES (API v2) at the account's own send rate")
public @interface SesConfig {

    @AttributeDefinition(name = "Region", description = "The SES region, e.g. eu-west-1")
    String region() default "";

    @AttributeDefinition(name = "Access key id", required = false,
            description = "Empty: the AWS default credentials chain (environment, profile, instance or container role)")
    String accessKeyId() default "";

    @AttributeDefinition(name = "Secret access key", required = false, type = AttributeType.PASSWORD)
    String secretAccessKey() default "";

    @AttributeDefinition(name = "Configuration set", required = false,
            description = "SES configuration set for event publishing; empty: none")
    String configurationSetName() default "";

    @AttributeDefinition(name = "Messages per second", required = false,
            description = "0: the account's MaxSendRate as SES reports it; a positive number caps it")
    double maxPerSecond() default 0;

    @AttributeDefinition(name = "Endpoint", required = false,
            description = "Another SES API endpoint (a VPC endpoint, or a test server); empty: the region's own")
    String endpointOverride() default "";

    @AttributeDefinition(name = "Ranking", description = "With fallback on, the sender with the highest ranking takes over")
    int service_ranking() default 0;
}
