package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void tokenIsUnpaddedBase64UrlOfTheRequestedBytes() {
        String token = Secrets.newToken(32);

        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token).length);
        assertEquals(22, Secrets.newToken(16).length());
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Secrets.newToken(16)));
        }
    }

    @Test
    void tokensTooShortToBeSafeOrAbsurdlyLongAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Secrets.newToken(15));
        assertThrows(IllegalArgumentException.class, () -> Secrets.newToken(0));
        assertThrows(IllegalArgumentException.class, () -> Secrets.newToken(-1));
        assertThrows(IllegalArgumentException.class, () -> Secrets.newToken(1025));
        assertEquals(1366, Secrets.newToken(1024).length());
    }

    @Test
    void sha256IsLowercaseHexOfUtf8() {
        // FIPS 180-2 test vectors.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.sha256("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Secrets.sha256(""));
        // "é" hashed as its UTF-8 bytes c3 a9, whatever the platform's default charset.
        assertEquals("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c", Secrets.sha256("\u00e9"));
        assertThrows(NullPointerException.class, () -> Secrets.sha256(null));
    }

    @Test
    void constantTimeEqualsComparesContent() {
        String token = Secrets.newToken(32);

        assertTrue(Secrets.constantTimeEquals(token, new String(token.toCharArray())));
        assertFalse(Secrets.constantTimeEquals(token, token.substring(1)));
        assertFalse(Secrets.constantTimeEquals(token + "x", token));
        assertFalse(Secrets.constantTimeEquals("a" + token.substring(1), "b" + token.substring(1)));
        assertFalse(Secrets.constantTimeEquals("", token));
        assertTrue(Secrets.constantTimeEquals("", ""));
        assertTrue(Secrets.constantTimeEquals("päss", "päss"));
        assertFalse(Secrets.constantTimeEquals("päss", "pass"));
    }

    @Test
    void constantTimeEqualsIsFalseForNull() {
        assertFalse(Secrets.constantTimeEquals(null, "x"));
        assertFalse(Secrets.constantTimeEquals("x", null));
        assertFalse(Secrets.constantTimeEquals(null, null));
    }
}
