package io.neuromail.billing.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code Paddle-Signature} header of a webhook: {@code ts=<unix seconds>;h1=<hex>} (with
 * several {@code h1} while Paddle rotates a secret). Each {@code h1} is an HMAC-SHA256, with the
 * notification destination's secret, of {@code ts + ":" + } the raw body bytes. Any of the operator's
 * secrets (several during a rotation) matching any {@code h1}, compared in constant time, within the
 * tolerance of the server's clock, accepts it.
 */
final class PaddleSignature {

    /** The longest header read; Paddle's is about 90 characters a signature. */
    static final int MAX_HEADER = 1024;

    private final List<byte[]> secrets;
    private final Duration tolerance;
    private final Clock clock;

    PaddleSignature(List<String> secrets, Duration tolerance, Clock clock) {
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Why the signature is refused; empty when it is good. */
    Optional<String> refuse(String header, byte[] body) {
        if (secrets.isEmpty()) {
            return Optional.of("no webhook secret is configured (paddle.webhookSecrets)");
        }
        if (header == null || header.isBlank()) {
            return Optional.of("no Paddle-Signature header");
        }
        if (header.length() > MAX_HEADER) {
            return Optional.of("the Paddle-Signature header is too long");
        }
        String ts = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (name.equals("ts")) {
                ts = value;
            } else if (name.equals("h1")) {
                signatures.add(value);
            }
        }
        if (ts == null || signatures.isEmpty()) {
            return Optional.of("the Paddle-Signature header lacks ts or h1");
        }
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return Optional.of("the signature's ts is not a number");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            return Optional.of("the signature is " + skew + " seconds off the server's clock (more than "
                    + tolerance.toSeconds() + ")");
        }
        byte[] signed = new byte[ts.length() + 1 + body.length];
        byte[] prefix = (ts + ":").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        for (byte[] secret : secrets) {
            byte[] expected = hmac(secret, signed);
            for (String given : signatures) {
                byte[] presented;
                try {
                    presented = HexFormat.of().parseHex(given);
                } catch (IllegalArgumentException notHex) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, presented)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("no h1 matches a configured secret");
    }

    /** The HMAC-SHA256 of {@code data} under {@code secret}. */
    static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
