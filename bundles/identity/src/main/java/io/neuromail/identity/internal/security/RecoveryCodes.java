package io.neuromail.identity.internal.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes for when the authenticator app is lost: 16 characters of a 31-character
 * alphabet without look-alikes (79 random bits), shown in groups of four. So much entropy is why a
 * SHA-256 of the code (bound to its user) is a safe way to store it, and checking one takes
 * microseconds, not a password hash's quarter second.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no i, l, o, 0, 1
    private static final int LENGTH = 16;

    private RecoveryCodes() {
    }

    /** {@value #COUNT} new codes, as shown: {@code xxxx-xxxx-xxxx-xxxx}. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int n = 0; n < COUNT; n++) {
            StringBuilder code = new StringBuilder(LENGTH + 3);
            for (int i = 0; i < LENGTH; i++) {
                if (i > 0 && i % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(Secrets.RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** Whether text looks like a recovery code (rather than an app's six digits). */
    public static boolean looksLikeOne(String presented) {
        return normalize(presented) != null;
    }

    /** What is stored: the SHA-256 of the user id and the code as typed in any case, spacing or grouping. */
    public static String hash(String userId, String presented) {
        String code = normalize(presented);
        if (code == null) {
            throw new IllegalArgumentException("not a recovery code");
        }
        return Secrets.sha256(userId + ":" + code);
    }

    static String normalize(String presented) {
        if (presented == null || presented.length() > 40) {
            return null;
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < presented.length(); i++) {
            char c = Character.toLowerCase(presented.charAt(i));
            if (ALPHABET.indexOf(c) >= 0) {
                code.append(c);
            } else if (c != '-' && c != ' ') {
                return null;
            }
        }
        return code.length() == LENGTH ? code.toString() : null;
    }
}
