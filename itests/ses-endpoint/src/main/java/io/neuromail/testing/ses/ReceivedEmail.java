package io.neuromail.testing.ses;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One SendEmail request the endpoint accepted.
 *
 * @param messageId            the MessageId it answered
 * @param at                   when it arrived
 * @param accessKeyId          the access key id the request was signed with
 * @param destinations         Destination.ToAddresses, CcAddresses and BccAddresses together
 * @param raw                  Content.Raw.Data, decoded
 * @param configurationSetName ConfigurationSetName, or null
 * @param tags                 EmailTags, name to value
 */
public record ReceivedEmail(String messageId, Instant at, String accessKeyId, List<String> destinations, byte[] raw,
                            String configurationSetName, Map<String, String> tags) {

    /** The raw message as text (UTF-8). */
    public String rawText() {
        return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }
}
