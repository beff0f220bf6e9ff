package io.neuromail.identity.internal.security;

import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1, 30-second
 * steps, 6 digits; a code of the step before or after the server's is accepted too, for clocks
 * that drift. The codes themselves are java-otp's; this class fixes the parameters, the secret's
 * size and text form (Base32, RFC 4648, without padding) and the rule that each step is used once.
 */
public final class Totp {

    /** 160 bits, the size of an HMAC-SHA1 key (RFC 4226 §4 asks for at least 128). */
    public static final int SECRET_BYTES = 20;
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    private static final String ALGORITHM = TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;

    private final TimeBasedOneTimePasswordGenerator generator;
    private final int digits;

    /** The parameters every authenticator app understands. */
    public Totp() {
        this(DIGITS);
    }

    /** Another number of digits (RFC 6238's test vectors have 8). */
    Totp(int digits) {
        this.digits = digits;
        this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, ALGORITHM);
    }

    /** A fresh random secret. */
    public static byte[] newSecret() {
        return Secrets.randomBytes(SECRET_BYTES);
    }

    /** The secret as people type it into an app: upper-case Base32 without padding. */
    public static String toText(byte[] secret) {
        return new Base32().encodeAsString(secret).replace("=", "");
    }

    /** The inverse of {@link #toText}, for tests and tools. */
    public static byte[] fromText(String text) {
        return new Base32().decode(text.strip().toUpperCase(Locale.ROOT));
    }

    /** The 30-second step an instant falls in. */
    public static long stepOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.getSeconds());
    }

    /** The code of one step, zero-padded to the number of digits. */
    public String code(byte[] secret, long step) {
        try {
            int value = generator.generateOneTimePassword(new SecretKeySpec(secret, ALGORITHM),
                    Instant.ofEpochSecond(step * STEP.getSeconds()));
            return String.format(Locale.ROOT, "%0" + digits + "d", value);
        } catch (InvalidKeyException e) {
            // A raw HMAC key of any length is valid; this cannot happen with the JDK's providers.
            throw new IllegalStateException("HMAC-SHA1 refused a key", e);
        }
    }

    /**
     * The step whose code {@code presented} is, among the steps around {@code now} (one before, the
     * current one, one after) that come after {@code lastUsedStep}: a code is good once, and never
     * after a later one was used.
     *
     * @param lastUsedStep the last step accepted for this secret, or {@link Long#MIN_VALUE} if none
     * @return the matching step, or empty when the code is wrong, out of time or used
     */
    public OptionalLong verify(byte[] secret, String presented, Instant now, long lastUsedStep) {
        String code = normalize(presented);
        if (code == null || code.length() != digits) {
            return OptionalLong.empty();
        }
        long current = stepOf(now);
        for (long step = current - 1; step <= current + 1; step++) {
            if (step > lastUsedStep && Secrets.constantTimeEquals(code, code(secret, step))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The digits of a code as typed ("123 456", "123-456"), or null when it has anything else. */
    static String normalize(String presented) {
        if (presented == null || presented.length() > 20) {
            return null;
        }
        StringBuilder digitsOnly = new StringBuilder(presented.length());
        for (int i = 0; i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (c >= '0' && c <= '9') {
                digitsOnly.append(c);
            } else if (c != ' ' && c != '-') {
                return null;
            }
        }
        return digitsOnly.toString();
    }

    /**
     * The {@code otpauth://} URI that authenticator apps read from a QR code (the Key Uri Format of
     * Google Authenticator): the issuer and the user's address label the entry in the app.
     */
    public static String uri(String issuer, String accountName, byte[] secret) {
        String label = encode(issuer) + ":" + encode(accountName);
        return "otpauth://totp/" + label + "?secret=" + toText(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.getSeconds();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
