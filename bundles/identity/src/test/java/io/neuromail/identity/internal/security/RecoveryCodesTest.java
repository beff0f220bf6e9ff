package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenDistinctCodesOfFourGroupsOfFour() {
        List<String> codes = RecoveryCodes.generate();
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}"), code);
        }
    }

    @Test
    void theHashIgnoresCaseSpacingAndGroupingButBindsTheUser() {
        String code = RecoveryCodes.generate().get(0);
        String hash = RecoveryCodes.hash("user-1", code);
        assertEquals(64, hash.length());
        assertEquals(hash, RecoveryCodes.hash("user-1", code.toUpperCase(Locale.ROOT).replace("-", " ")));
        assertEquals(hash, RecoveryCodes.hash("user-1", code.replace("-", "")));
        assertNotEquals(hash, RecoveryCodes.hash("user-2", code));
    }

    @Test
    void sixDigitsAndOtherTextAreNotRecoveryCodes() {
        assertFalse(RecoveryCodes.looksLikeOne("123456"));
        assertFalse(RecoveryCodes.looksLikeOne("abcd-efgh-jkmn"));
        assertFalse(RecoveryCodes.looksLikeOne("abcd-efgh-jkmn-pqr!"));
        assertFalse(RecoveryCodes.looksLikeOne(null));
        assertFalse(RecoveryCodes.looksLikeOne("a".repeat(1000)));
        assertThrows(IllegalArgumentException.class, () -> RecoveryCodes.hash("user-1", "123456"));
        assertTrue(RecoveryCodes.looksLikeOne("ABCD efgh JKMN pqrs"));
    }
}
