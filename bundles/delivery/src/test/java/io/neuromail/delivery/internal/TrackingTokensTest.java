package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TrackingTokensTest {

    private final TrackingTokens tokens = new TrackingTokens("a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));
    private final String row = "0190d1a2-b3c4-7d5e-8f60-000000000042";
    private final String send = UUID.randomUUID().toString();

    @Test
    void aTokenNamesItsRowSendAndLink() {
        String click = tokens.token(row, send, 7).orElseThrow();
        assertEquals(TrackingTokens.LENGTH, click.length());
        assertTrue(click.matches("[A-Za-z0-9_-]+"), "URL-safe: " + click);
        assertEquals(Optional.of(new TrackingTokens.Parsed(row, send, 7)), tokens.parse(click));
        TrackingTokens.Parsed open = tokens.parse(tokens.token(row, send, TrackingTokens.OPEN).orElseThrow()).orElseThrow();
        assertTrue(open.open());
    }

    @Test
    void everyAlteredTruncatedForeignOrMalformedTokenIsRefused() {
        String token = tokens.token(row, send, 3).orElseThrow();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String altered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertEquals(Optional.empty(), tokens.parse(altered), "changed at " + i);
        }
        assertEquals(Optional.empty(), tokens.parse(token.substring(0, token.length() - 1)));
        assertEquals(Optional.empty(), tokens.parse(token + "A"));
        assertEquals(Optional.empty(), tokens.parse(null));
        assertEquals(Optional.empty(), tokens.parse("!".repeat(TrackingTokens.LENGTH)));
        TrackingTokens other = new TrackingTokens("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), other.parse(token), "another NeuroMail's key");
        // The same bytes with another link number and the old MAC: refused.
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[34] = 4;
        assertEquals(Optional.empty(), tokens.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)));
    }

    @Test
    void idsOfAnotherFormGetNoToken() {
        assertEquals(Optional.empty(), tokens.token("not-a-uuid", send, 1));
        assertEquals(Optional.empty(), tokens.token(row.toUpperCase(), send, 1), "only the canonical form round-trips");
        assertEquals(Optional.empty(), tokens.token(row, send, -1));
    }
}
