package io.neuromail.sender.ses.internal.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SNS signature versions 1 and 2, topics, timestamps, and which certificate URLs may be fetched. */
class SnsVerifierTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-feedback";
    private static final Instant NOW = Instant.parse("2030-05-01T10:00:00Z");
    private static final KeyPair KEY = key();

    private final SnsVerifier verifier = new SnsVerifier(Set.of(TOPIC), Duration.ofHours(1),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void validVersion1And2SignaturesAreAccepted() throws Exception {
        for (String version : new String[] {"1", "2"}) {
            SnsMessage m = signed(notification(TOPIC, NOW.minusSeconds(60)), version);
            assertEquals(Optional.empty(), verifier.refuseEnvelope(m));
            assertEquals(Optional.empty(), verifier.refuseSignature(m, KEY.getPublic()), "version " + version);
        }
    }

    @Test
    void aChangedFieldBreaksTheSignature() throws Exception {
        SnsMessage m = signed(notification(TOPIC, NOW), "2");
        SnsMessage tampered = new SnsMessage(m.type(), m.messageId(), m.token(), m.topicArn(), m.subject(),
                m.message().replace("Permanent", "Transient"), m.timestamp(), m.signatureVersion(), m.signature(),
                m.signingCertUrl(), m.subscribeUrl());
        assertTrue(verifier.refuseSignature(tampered, KEY.getPublic()).orElseThrow().contains("bad signature"));
        SnsMessage otherKey = new SnsMessage(m.type(), m.messageId(), m.token(), m.topicArn(), m.subject(), m.message(),
                m.timestamp(), "2", m.signature(), m.signingCertUrl(), m.subscribeUrl());
        assertTrue(verifier.refuseSignature(otherKey, key().getPublic()).isPresent());
        SnsMessage version3 = new SnsMessage(m.type(), m.messageId(), m.token(), m.topicArn(), m.subject(), m.message(),
                m.timestamp(), "3", m.signature(), m.signingCertUrl(), m.subscribeUrl());
        assertTrue(verifier.refuseSignature(version3, KEY.getPublic()).orElseThrow().contains("version"));
    }

    @Test
    void unknownTopicsStaleAndFutureMessagesAreRefused() throws Exception {
        assertTrue(verifier.refuseEnvelope(signed(notification("arn:aws:sns:eu-west-1:1:other", NOW), "2"))
                .orElseThrow().contains("not configured"));
        assertTrue(verifier.refuseEnvelope(signed(notification(TOPIC, NOW.minus(Duration.ofMinutes(61))), "2"))
                .orElseThrow().contains("stale"));
        assertTrue(verifier.refuseEnvelope(signed(notification(TOPIC, NOW.plus(Duration.ofMinutes(10))), "2"))
                .orElseThrow().contains("future"));
    }

    @Test
    void onlyHttpsSnsHostsMayServeCertificates() {
        SnsCertificateFetcher fetcher = new SnsCertificateFetcher("");
        assertTrue(fetcher.allowed("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem"));
        assertTrue(fetcher.allowed("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem"));
        assertFalse(fetcher.allowed("http://sns.eu-west-1.amazonaws.com/cert.pem"), "plain HTTP");
        assertFalse(fetcher.allowed("https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem"));
        assertFalse(fetcher.allowed("https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem"));
        assertFalse(fetcher.allowed("https://attacker@sns.eu-west-1.amazonaws.com/cert.pem"));
        assertFalse(fetcher.allowed("https://sns.eu-west-1.amazonaws.com:8443/cert.pem"));
        assertFalse(fetcher.allowed("https://s3.amazonaws.com/cert.pem"));
        assertFalse(fetcher.allowed("http://127.0.0.1:9/cert.pem"), "loopback only when configured for tests");
        assertThrows(SecurityException.class, () -> fetcher.fetch("https://evil.example/cert.pem"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.ap-southeast-2.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
            "https://sns.cn-northwest-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
            "https://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-abc.pem",
            "https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-abc.pem"})
    void snsHostsOfRealRegionsAreAccepted(String url) {
        assertTrue(new SnsCertificateFetcher("").allowed(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sns.evil.com/cert.pem",
            "https://sns.us-east-1.amazonaws.com.evil.com/cert.pem",
            "https://sns.fake-region.amazonaws.com/cert.pem",
            "https://sns.us-east.amazonaws.com/cert.pem",
            "https://sns.us-east-1.amazonaws.com.cn/cert.pem",
            "https://sns.cn-north-1.amazonaws.com/cert.pem",
            "https://sns.us-east-1.amazonaws.com./cert.pem",
            "https://sns.us-east-1.amazonaws.com.:443/cert.pem",
            "https://xsns.us-east-1.amazonaws.com/cert.pem",
            "https://sqs.us-east-1.amazonaws.com/cert.pem",
            "http://sns.us-east-1.amazonaws.com/cert.pem",
            "https://user@sns.us-east-1.amazonaws.com/cert.pem",
            "https://user:pass@sns.us-east-1.amazonaws.com/cert.pem",
            "https://sns.us-east-1.amazonaws.com@evil.com/cert.pem",
            "https://evil.com#@sns.us-east-1.amazonaws.com/cert.pem",
            "https://evil.com?@sns.us-east-1.amazonaws.com/cert.pem",
            "https://sns.us-east-1.amazonaws.com:8443/cert.pem",
            "https://sns.us-east-1.amazonaws.com:/cert.pem",
            "https://sns.us-east-1.amazonaws.com:0443/cert.pem",
            "https://sns.us-east-1.amazonaws.com%2Eevil.com/cert.pem",
            "https:sns.us-east-1.amazonaws.com/cert.pem",
            "https:///sns.us-east-1.amazonaws.com/cert.pem",
            "//sns.us-east-1.amazonaws.com/cert.pem",
            "https://sns.us-east-1.amazonaws.com",
            "https://[::1]/cert.pem",
            "not a url at all"})
    void everyOtherHostIsRefused(String url) {
        assertFalse(new SnsCertificateFetcher("").allowed(url), url);
    }

    @Test
    void signatureVersion1CanBeRefusedBeforeAnyCertificateIsFetched() throws Exception {
        SnsVerifier strict = new SnsVerifier(Set.of(TOPIC), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC), true);

        assertTrue(strict.refuseEnvelope(signed(notification(TOPIC, NOW), "1")).orElseThrow().contains("signature version 1"));
        assertTrue(strict.refuseEnvelope(signed(notification(TOPIC, NOW), "2")).isEmpty());
        assertTrue(verifier.refuseEnvelope(signed(notification(TOPIC, NOW), "1")).isEmpty(), "accepted by default");
    }

    @Test
    void theTestCertificateBaseMustBeLoopbackAndTrustsOnlyItsOwnPrefix() {
        assertThrows(IllegalArgumentException.class, () -> new SnsCertificateFetcher("https://certs.example.com/"));
        SnsCertificateFetcher fetcher = new SnsCertificateFetcher("http://127.0.0.1:4567/certs");
        assertTrue(fetcher.allowed("http://127.0.0.1:4567/certs/test.pem"));
        assertFalse(fetcher.allowed("http://127.0.0.1:4567/other/test.pem"));
        assertFalse(fetcher.allowed("http://127.0.0.1:4567/certs/../other.pem"));
    }

    static SnsMessage notification(String topic, Instant at) {
        return new SnsMessage(SnsMessage.NOTIFICATION, "msg-" + at.toEpochMilli(), null, topic, null,
                "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\"}}", at.toString(), "2", "",
                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem", null);
    }

    static SnsMessage signed(SnsMessage m, String version) throws Exception {
        Signature signer = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
        signer.initSign(KEY.getPrivate());
        signer.update(m.stringToSign().orElseThrow().getBytes(StandardCharsets.UTF_8));
        return new SnsMessage(m.type(), m.messageId(), m.token(), m.topicArn(), m.subject(), m.message(), m.timestamp(),
                version, Base64.getEncoder().encodeToString(signer.sign()), m.signingCertUrl(), m.subscribeUrl());
    }

    private static KeyPair key() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
