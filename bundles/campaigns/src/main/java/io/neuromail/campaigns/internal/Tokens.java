package io.neuromail.campaigns.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable tokens for public addresses (web versions, archives): 192 random bits, base64url. */
final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String next() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code token} has the shape of one of ours (so a lookup is worth making). */
    static boolean plausible(String token) {
        if (token == null || token.length() != 32) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
