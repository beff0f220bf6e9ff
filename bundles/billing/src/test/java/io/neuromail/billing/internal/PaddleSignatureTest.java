package io.neuromail.billing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PaddleSignatureTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final byte[] BODY = "{\"event_id\":\"evt_1\",\"data\":{\"x\":\"é\"}}".getBytes(StandardCharsets.UTF_8);

    private final PaddleSignature signature = new PaddleSignature(List.of("old-secret", "new-secret"), Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** A header as Paddle builds it, computed here with the JDK's HMAC independently of the class under test. */
    private static String header(long ts, String secret, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((ts + ":").getBytes(StandardCharsets.UTF_8));
        return "ts=" + ts + ";h1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void acceptsTheSignatureOfAnySecretAndAnyH1DuringARotation() throws Exception {
        long ts = NOW.getEpochSecond();
        assertEquals(Optional.empty(), signature.refuse(header(ts, "new-secret", BODY), BODY));
        assertEquals(Optional.empty(), signature.refuse(header(ts, "old-secret", BODY), BODY));
        String both = header(ts, "unknown", BODY) + ";h1=" + header(ts, "new-secret", BODY).split("h1=")[1];
        assertEquals(Optional.empty(), signature.refuse(both, BODY));
    }

    @Test
    void refusesAnotherSecretAnotherBodyAndAChangedTime() throws Exception {
        long ts = NOW.getEpochSecond();
        assertTrue(signature.refuse(header(ts, "attacker", BODY), BODY).isPresent());
        byte[] other = "{\"event_id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);
        assertTrue(signature.refuse(header(ts, "new-secret", BODY), other).isPresent());
        String moved = header(ts, "new-secret", BODY).replace("ts=" + ts, "ts=" + (ts - 1));
        assertTrue(signature.refuse(moved, BODY).isPresent());
    }

    @Test
    void refusesStaleAndFutureSignaturesBeyondTheTolerance() throws Exception {
        long ts = NOW.getEpochSecond();
        assertEquals(Optional.empty(), signature.refuse(header(ts - 300, "new-secret", BODY), BODY));
        assertTrue(signature.refuse(header(ts - 301, "new-secret", BODY), BODY).get().contains("301 seconds"));
        assertTrue(signature.refuse(header(ts + 301, "new-secret", BODY), BODY).isPresent());
    }

    @Test
    void refusesMissingAndMalformedHeaders() {
        assertTrue(signature.refuse(null, BODY).isPresent());
        assertTrue(signature.refuse("", BODY).isPresent());
        assertTrue(signature.refuse("h1=abcd", BODY).isPresent());
        assertTrue(signature.refuse("ts=" + NOW.getEpochSecond(), BODY).isPresent());
        assertTrue(signature.refuse("ts=soon;h1=abcd", BODY).isPresent());
        assertTrue(signature.refuse("ts=" + NOW.getEpochSecond() + ";h1=not-hex", BODY).isPresent());
        assertTrue(signature.refuse("ts=1;h1=" + "a".repeat(2000), BODY).get().contains("too long"));
        assertTrue(new PaddleSignature(List.of(), Duration.ofMinutes(5), Clock.systemUTC()).refuse("ts=1;h1=ab", BODY)
                .get().contains("no webhook secret"));
    }
}
