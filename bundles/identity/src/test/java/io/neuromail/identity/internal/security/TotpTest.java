package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** RFC 6238 appendix B: the SHA-1 seed is the ASCII of "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2030-01-07T09:00:10Z");

    @ParameterizedTest(name = "T = {0} s gives {1}")
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130",
    })
    void codesAreThoseOfRfc6238AppendixB(long seconds, String expected) {
        Totp eightDigits = new Totp(8);
        assertEquals(expected, eightDigits.code(RFC_SEED, Totp.stepOf(Instant.ofEpochSecond(seconds))));
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcOnes() {
        // Dynamic truncation takes the value modulo 10^digits: the 6-digit code is the 8-digit one's tail.
        assertEquals("287082", new Totp().code(RFC_SEED, Totp.stepOf(Instant.ofEpochSecond(59))));
        assertEquals("005924", new Totp().code(RFC_SEED, Totp.stepOf(Instant.ofEpochSecond(1234567890))));
    }

    @Test
    void aCodeOfTheStepBeforeOrAfterIsAcceptedButNotTwoAway() {
        Totp totp = new Totp();
        byte[] secret = Totp.newSecret();
        long now = Totp.stepOf(NOW);
        for (long drift = -1; drift <= 1; drift++) {
            assertEquals(OptionalLong.of(now + drift), totp.verify(secret, totp.code(secret, now + drift), NOW, Long.MIN_VALUE),
                    "drift " + drift);
        }
        assertEquals(OptionalLong.empty(), totp.verify(secret, totp.code(secret, now - 2), NOW, Long.MIN_VALUE));
        assertEquals(OptionalLong.empty(), totp.verify(secret, totp.code(secret, now + 2), NOW, Long.MIN_VALUE));
    }

    @Test
    void aCodeIsRefusedOnceItsStepOrALaterOneWasUsed() {
        Totp totp = new Totp();
        byte[] secret = Totp.newSecret();
        long now = Totp.stepOf(NOW);
        String code = totp.code(secret, now);
        OptionalLong first = totp.verify(secret, code, NOW, Long.MIN_VALUE);
        assertEquals(OptionalLong.of(now), first);
        assertEquals(OptionalLong.empty(), totp.verify(secret, code, NOW, first.getAsLong()), "replay in the same step");
        assertEquals(OptionalLong.empty(), totp.verify(secret, totp.code(secret, now - 1), NOW, first.getAsLong()),
                "an earlier step after a later one was used");
        assertEquals(OptionalLong.of(now + 1), totp.verify(secret, totp.code(secret, now + 1), NOW, first.getAsLong()),
                "the next step is still good");
    }

    @Test
    void codesAreTypedWithSpacesOrADashButNothingElse() {
        Totp totp = new Totp();
        byte[] secret = Totp.newSecret();
        String code = totp.code(secret, Totp.stepOf(NOW));
        assertTrue(totp.verify(secret, code.substring(0, 3) + " " + code.substring(3), NOW, Long.MIN_VALUE).isPresent());
        assertTrue(totp.verify(secret, code.substring(0, 3) + "-" + code.substring(3), NOW, Long.MIN_VALUE).isPresent());
        assertFalse(totp.verify(secret, code + "0", NOW, Long.MIN_VALUE).isPresent());
        assertFalse(totp.verify(secret, code.substring(1), NOW, Long.MIN_VALUE).isPresent());
        assertFalse(totp.verify(secret, "12a456", NOW, Long.MIN_VALUE).isPresent());
        assertFalse(totp.verify(secret, null, NOW, Long.MIN_VALUE).isPresent());
        assertFalse(totp.verify(secret, "1".repeat(10_000), NOW, Long.MIN_VALUE).isPresent());
    }

    @Test
    void theSecretTextIsBase32WithoutPaddingAndReadsBack() {
        byte[] secret = Totp.newSecret();
        String text = Totp.toText(secret);
        assertEquals(32, text.length(), "160 bits are 32 Base32 characters");
        assertTrue(text.matches("[A-Z2-7]{32}"), text);
        assertEquals(java.util.HexFormat.of().formatHex(secret), java.util.HexFormat.of().formatHex(Totp.fromText(text.toLowerCase())));
    }

    @Test
    void theUriIsTheKeyUriFormatWithIssuerAndAccount() {
        byte[] secret = Totp.newSecret();
        assertEquals("otpauth://totp/NeuroMail%20Test:ann%40example.com?secret=" + Totp.toText(secret)
                        + "&issuer=NeuroMail%20Test&algorithm=SHA1&digits=6&period=30",
                Totp.uri("NeuroMail Test", "ann@example.com", secret));
    }
}
