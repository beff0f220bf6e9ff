package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {

    private final UnsubscribeTokens tokens = new UnsubscribeTokens("a key of thirty-two bytes or more!".getBytes(
            StandardCharsets.UTF_8));

    @Test
    void onlyTheTokenMadeForTheRowPassesNotEvenAnotherEncodingOfItsMac() {
        String token = tokens.token("acc", "send", "row-1", "ann@example.org");
        assertTrue(tokens.verify(token, "acc", "send", "ann@example.org"));
        assertFalse(tokens.verify(token, "acc", "send", "bob@example.org"));
        assertFalse(tokens.verify(token, "other", "send", "ann@example.org"));
        // The last of 43 base64 characters carries 4 bits of the MAC and 2 spare bits: each of the other
        // three values of the spare bits decodes to the same MAC, and must be refused all the same.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        for (int spare = 1; spare < 4; spare++) {
            String altered = token.substring(0, token.length() - 1) + alphabet.charAt((last & ~3) | spare);
            assertFalse(tokens.verify(altered, "acc", "send", "ann@example.org"), altered);
        }
        assertFalse(tokens.verify(token + "x", "acc", "send", "ann@example.org"));
        assertFalse(tokens.verify(token.substring(0, token.length() - 1), "acc", "send", "ann@example.org"));
        assertFalse(tokens.verify("row-1", "acc", "send", "ann@example.org"));
    }
}
