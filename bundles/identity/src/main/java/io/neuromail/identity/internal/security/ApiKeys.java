package io.neuromail.identity.internal.security;

import java.util.Base64;
import java.util.Optional;

/**
 * API keys of the form {@code nm_<id>_<secret>}, for example
 * {@code nm_k3x9q2vd_Q1bX...} (55 characters in all).
 *
 * <ul>
 * <li>{@code nm_} marks the string as a NeuroMail key, so secret scanners and people can spot one
 * that leaked into a repository or a chat.</li>
 * <li>{@code <id>} is 8 characters of lowercase Crockford base32 (no i, l, o, u, so it reads back
 * unambiguously off a screen). {@code nm_<id>} is the key's public prefix: stored in clear and
 * shown in key lists so a user can tell which key is which, and safe to log.</li>
 * <li>{@code <secret>} is 256 bits from the CSPRNG in base64url without padding: 43 characters.
 * </li>
 * </ul>
 *
 * Only {@link GeneratedKey#hash()} is stored; the whole key is shown to the user once.
 */
public final class ApiKeys {

    /** The start of every key. */
    public static final String MARKER = "nm_";

    /** Length of the {@code <id>} part. */
    public static final int ID_LENGTH = 8;

    /** Length of the {@code nm_<id>} prefix. */
    public static final int PREFIX_LENGTH = MARKER.length() + ID_LENGTH;

    /** Length of a whole key. */
    public static final int KEY_LENGTH = PREFIX_LENGTH + 1 + 43;

    private static final int SECRET_BYTES = 32;
    private static final String ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ApiKeys() {
    }

    /**
     * A new key, its public prefix and the hash to store.
     *
     * @param key    the whole key; show it to the user once and never store or log it
     * @param prefix {@code nm_} and the id: store it and show it in lists
     * @param hash   {@link #hash(String)} of the key: store it, look keys up by it
     */
    public record GeneratedKey(String key, String prefix, String hash) {

        /** Keeps the secret out of logs and exception messages that print the record. */
        @Override
        public String toString() {
            return "GeneratedKey[prefix=" + prefix + ", hash=" + hash + "]";
        }
    }

    /** Generates a key from the CSPRNG. */
    public static GeneratedKey generate() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            // nextInt(32) draws uniformly; indexing with a masked random byte would be as good only
            // because 32 divides 256, and this keeps that reasoning out of the reader's way.
            id.append(ID_ALPHABET.charAt(Secrets.RANDOM.nextInt(ID_ALPHABET.length())));
        }
        String prefix = MARKER + id;
        String key = prefix + '_' + BASE64URL.encodeToString(Secrets.randomBytes(SECRET_BYTES));
        return new GeneratedKey(key, prefix, hash(key));
    }

    /**
     * Checks that a presented string has exactly the shape {@link #generate()} makes, so that
     * garbage, truncated keys and keys of other services are turned away before any database
     * lookup, and returns its public prefix.
     *
     * @return {@code nm_<id>}, or empty when the string is not a well-formed key
     */
    public static Optional<String> prefixOf(String presentedKey) {
        if (presentedKey == null || presentedKey.length() != KEY_LENGTH
                || !presentedKey.startsWith(MARKER) || presentedKey.charAt(PREFIX_LENGTH) != '_') {
            return Optional.empty();
        }
        for (int i = MARKER.length(); i < PREFIX_LENGTH; i++) {
            if (ID_ALPHABET.indexOf(presentedKey.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        if (!isCanonicalSecret(presentedKey.substring(PREFIX_LENGTH + 1))) {
            return Optional.empty();
        }
        return Optional.of(presentedKey.substring(0, PREFIX_LENGTH));
    }

    /**
     * The value to store for a key and to look a presented key up by: its SHA-256 in lowercase
     * hex ({@link Secrets#sha256(String)}).
     *
     * <p>A fast hash is right here, unlike for passwords: the key carries 256 bits of CSPRNG
     * entropy, so no amount of hashing speed makes guessing it from the hash feasible, and a slow
     * hash would only make every API request slow. Because the hash is deterministic it can be a
     * unique, indexed column, and a lookup by it needs no separate constant-time comparison.
     */
    public static String hash(String presentedKey) {
        return Secrets.sha256(presentedKey);
    }

    /*
     * 43 base64url characters carry 258 bits, of which the last character's low two are padding.
     * The JDK decoder ignores those bits, so several strings would decode to the same 32 bytes;
     * requiring the re-encoding to match gives each key exactly one spelling.
     */
    private static boolean isCanonicalSecret(String secret) {
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        byte[] bytes = Base64.getUrlDecoder().decode(secret);
        return bytes.length == SECRET_BYTES && BASE64URL.encodeToString(bytes).equals(secret);
    }
}
