package io.neuromail.sender.ses.internal;

import java.net.URI;
import java.util.regex.Pattern;

/** The SES sender's settings, checked. {@link #toString()} leaves the secret out. */
record SesSettings(String region, String accessKeyId, String secretAccessKey, String configurationSetName,
                   double maxPerSecond, URI endpointOverride) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    SesSettings {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be an AWS region such as eu-west-1: '" + region + "'");
        }
        accessKeyId = accessKeyId == null ? "" : accessKeyId.strip();
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey.strip();
        if (accessKeyId.isEmpty() != secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKey go together: set both or neither");
        }
        configurationSetName = configurationSetName == null ? "" : configurationSetName.strip();
        if (maxPerSecond < 0 || Double.isNaN(maxPerSecond) || Double.isInfinite(maxPerSecond)) {
            throw new IllegalArgumentException("maxPerSecond must be 0 (the account's rate) or positive: " + maxPerSecond);
        }
        if (endpointOverride != null && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
            throw new IllegalArgumentException("endpointOverride must be an absolute URL: " + endpointOverride);
        }
    }

    static SesSettings from(SesConfig config) {
        String endpoint = config.endpointOverride().strip();
        return new SesSettings(config.region().strip(), config.accessKeyId(), config.secretAccessKey(),
                config.configurationSetName(), config.maxPerSecond(), endpoint.isEmpty() ? null : URI.create(endpoint));
    }

    boolean staticCredentials() {
        return !accessKeyId.isEmpty();
    }

    @Override
    public String toString() {
        return "Amazon SES " + region + (endpointOverride == null ? "" : " at " + endpointOverride)
                + (staticCredentials() ? " with access key " + accessKeyId : " with the default credentials chain")
                + (configurationSetName.isEmpty() ? "" : ", configuration set " + configurationSetName);
    }
}
