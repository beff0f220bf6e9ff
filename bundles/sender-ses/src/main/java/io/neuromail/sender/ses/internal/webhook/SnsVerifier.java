package io.neuromail.sender.ses.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an SNS message is genuine and current: a configured topic, a timestamp neither
 * stale nor in the future, and a valid signature (version 2: SHA256withRSA, what a topic signs with
 * once its {@code SignatureVersion} attribute is 2; version 1: SHA1withRSA, unless refused by
 * configuration) over the canonical string. Answers why a message is refused.
 */
public final class SnsVerifier {

    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    private final Set<String> topics;
    private final Duration maxAge;
    private final Clock clock;
    private final boolean refuseVersion1;

    public SnsVerifier(Set<String> topics, Duration maxAge, Clock clock) {
        this(topics, maxAge, clock, false);
    }

    /** @param refuseVersion1 refuse messages signed with SHA1withRSA (SignatureVersion 1) */
    public SnsVerifier(Set<String> topics, Duration maxAge, Clock clock, boolean refuseVersion1) {
        this.topics = Set.copyOf(topics);
        this.maxAge = maxAge;
        this.clock = clock;
        this.refuseVersion1 = refuseVersion1;
    }

    /** Why the message's envelope (type, topic, time) is refused, before any certificate is fetched. */
    public Optional<String> refuseEnvelope(SnsMessage m) {
        if (m.stringToSign().isEmpty()) {
            return Optional.of("not a complete SNS message of a known type");
        }
        if (!topics.contains(m.topicArn())) {
            return Optional.of("topic " + m.topicArn() + " is not configured");
        }
        if (refuseVersion1 && "1".equals(m.signatureVersion())) {
            return Optional.of("signature version 1 (SHA1withRSA) is refused; set the topic's SignatureVersion to 2");
        }
        Instant at;
        try {
            at = Instant.parse(m.timestamp());
        } catch (DateTimeParseException e) {
            return Optional.of("unreadable timestamp");
        }
        Instant now = clock.instant();
        if (at.isBefore(now.minus(maxAge))) {
            return Optional.of("stale: sent at " + at);
        }
        if (at.isAfter(now.plus(FUTURE_SKEW))) {
            return Optional.of("timestamp in the future: " + at);
        }
        return Optional.empty();
    }

    /** Why the signature is refused, given the signing certificate's key. */
    public Optional<String> refuseSignature(SnsMessage m, PublicKey key) {
        String algorithm;
        if ("1".equals(m.signatureVersion())) {
            algorithm = "SHA1withRSA";
        } else if ("2".equals(m.signatureVersion())) {
            algorithm = "SHA256withRSA";
        } else {
            return Optional.of("unknown signature version " + m.signatureVersion());
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(m.stringToSign().orElseThrow().getBytes(StandardCharsets.UTF_8));
            byte[] signature = Base64.getDecoder().decode(m.signature() == null ? "" : m.signature());
            return verifier.verify(signature) ? Optional.empty() : Optional.of("bad signature");
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.of("bad signature: " + e.getMessage());
        }
    }
}
