package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.neuromail.identity.internal.security.ApiKeys.GeneratedKey;

class ApiKeysTest {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** A well-formed key with a fixed secret, for building malformed variants from. */
    private static final String VALID = "nm_k3x9q2vd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    @Test
    void generatedKeyHasTheDocumentedShape() {
        GeneratedKey generated = ApiKeys.generate();
        String key = generated.key();

        assertEquals(55, key.length());
        assertTrue(key.matches("nm_[0-9a-hjkmnp-tv-z]{8}_[A-Za-z0-9_-]{43}"), key);
        assertEquals(key.substring(0, 11), generated.prefix());
        assertEquals(32, Base64.getUrlDecoder().decode(key.substring(12)).length);
    }

    @Test
    void storedHashIsSha256OfTheWholeKey() {
        GeneratedKey generated = ApiKeys.generate();

        assertEquals(Secrets.sha256(generated.key()), generated.hash());
        assertEquals(generated.hash(), ApiKeys.hash(generated.key()));
        assertTrue(generated.hash().matches("[0-9a-f]{64}"));
    }

    @Test
    void generatedKeysAreAcceptedByPrefixOf() {
        for (int i = 0; i < 2_000; i++) {
            GeneratedKey generated = ApiKeys.generate();
            assertEquals(Optional.of(generated.prefix()), ApiKeys.prefixOf(generated.key()), generated.key());
        }
    }

    @Test
    void keysAndPrefixesDoNotRepeat() {
        Set<String> keys = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            GeneratedKey generated = ApiKeys.generate();
            assertTrue(keys.add(generated.key()));
            // 40 bits of id: a collision among 2,000 has odds of about 2e-6.
            assertTrue(prefixes.add(generated.prefix()));
        }
    }

    @Test
    void toStringNeverShowsTheSecret() {
        GeneratedKey generated = ApiKeys.generate();

        assertFalse(generated.toString().contains(generated.key()));
        assertFalse(generated.toString().contains(generated.key().substring(12)));
        assertTrue(generated.toString().contains(generated.prefix()));
    }

    @Test
    void differentKeysHashDifferently() {
        assertNotEquals(ApiKeys.hash(VALID), ApiKeys.hash(VALID.substring(0, 54) + "E"));
    }

    @Test
    void theFixtureIsValid() {
        assertEquals(Optional.of("nm_k3x9q2vd"), ApiKeys.prefixOf(VALID));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "nm_",
        "nm_k3x9q2vd",
        "nm_k3x9q2vd_",
        "garbage",
        "Bearer nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        " nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ",
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "sk_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // someone else's marker
        "NM_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nm_K3X9Q2VD_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // id is lowercase only
        "nm_k3x9q2vi_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // i, l, o, u are not in the id alphabet
        "nm_k3x9q2vl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nm_k3x9q2vo_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nm_k3x9q2vu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nm_k3x9q2v-_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nm_k3x9q2vd-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // wrong separator
        "nm_k3x9q2vdAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // no separator
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // secret one short
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // secret one long
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // padding
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", // standard base64, not url-safe
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.",
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAÀ",
        "nm_k3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0000",
        "nm_ｋ3x9q2vd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // fullwidth k
    })
    void malformedKeysAreRejected(String presented) {
        assertEquals(Optional.empty(), ApiKeys.prefixOf(presented));
    }

    @Test
    void onlyTheCanonicalSpellingOfTheSecretIsAccepted() {
        // The last of 43 characters carries 4 bits; its 2 low bits must be zero. Those characters
        // whose alphabet index is not a multiple of 4 spell the same bytes a second way.
        int accepted = 0;
        for (char last : BASE64URL.toCharArray()) {
            String key = VALID.substring(0, 54) + last;
            boolean canonical = BASE64URL.indexOf(last) % 4 == 0;
            assertEquals(canonical, ApiKeys.prefixOf(key).isPresent(), key);
            accepted += canonical ? 1 : 0;
        }
        assertEquals(16, accepted);
    }
}
