package io.neuromail.identity.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Random tokens, digests and comparisons for session ids, CSRF tokens, reset links and the like.
 *
 * <p>Everything here is the JDK's own, audited primitives; this class only fixes the encodings and
 * the minimum sizes so that every caller gets them right the same way.
 */
public final class Secrets {

    /**
     * Fewer random bytes than this would make a token guessable online; 128 bits is the usual
     * floor for session identifiers (OWASP).
     */
    public static final int MIN_TOKEN_BYTES = 16;

    /** Larger requests are a bug, and would let a caller allocate without bound. */
    public static final int MAX_TOKEN_BYTES = 1024;

    /*
     * The default SecureRandom (NativePRNG on Linux) reads the kernel CSPRNG without blocking.
     * getInstanceStrong() is deliberately not used: it may block on /dev/random and stall logins.
     * SecureRandom is thread-safe, so one instance serves the whole bundle.
     */
    static final SecureRandom RANDOM = new SecureRandom();

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /**
     * A fresh random token, safe in URLs, cookies and headers without escaping.
     *
     * @param bytes how many random bytes, {@value #MIN_TOKEN_BYTES} to {@value #MAX_TOKEN_BYTES};
     *              the token is {@code ceil(bytes * 4 / 3)} characters long
     * @return the bytes in base64url without padding (RFC 4648 §5)
     */
    public static String newToken(int bytes) {
        if (bytes < MIN_TOKEN_BYTES || bytes > MAX_TOKEN_BYTES) {
            throw new IllegalArgumentException("token size must be " + MIN_TOKEN_BYTES + " to "
                    + MAX_TOKEN_BYTES + " bytes, was " + bytes);
        }
        return BASE64URL.encodeToString(randomBytes(bytes));
    }

    /**
     * The SHA-256 of a value's UTF-8 bytes, for storing tokens that need to be looked up but must
     * not be usable by whoever reads the database.
     *
     * <p>Lowercase hex (64 characters) rather than base64url: hex survives case-insensitive
     * collations and case-folding tools unchanged, whereas two base64 digests can differ only in
     * case. Only use this for high-entropy values such as {@link #newToken(int)} output; a
     * human-chosen secret needs {@link PasswordHasher}.
     */
    public static String sha256(String value) {
        Objects.requireNonNull(value, "value");
        return HexFormat.of().formatHex(sha256().digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Compares two secrets in time that does not depend on where they first differ, so an attacker
     * cannot find a valid token one character at a time.
     *
     * <p>{@link MessageDigest#isEqual} takes time proportional to the length of its first
     * argument only: pass the value the client presented as {@code presented} so the timing
     * reveals nothing but a length the client already knows.
     *
     * @return {@code false} if either is {@code null}
     */
    public static boolean constantTimeEquals(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc), so this is a broken JRE.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
