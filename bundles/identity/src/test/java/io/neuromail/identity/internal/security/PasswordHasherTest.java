package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    /** bcrypt's minimum, so the suite runs in milliseconds; one test below runs the real cost. */
    private final PasswordHasher hasher = new PasswordHasher(4, new SecureRandom());

    @Test
    void hashIsAStandardBcryptString() {
        String stored = hasher.hash("correct horse battery staple".toCharArray());

        assertEquals(60, stored.length());
        assertTrue(stored.matches("\\$2b\\$04\\$[./A-Za-z0-9]{53}"), stored);
    }

    @Test
    void theRightPasswordVerifiesAndOthersDoNot() {
        String stored = hasher.hash("correct horse battery staple".toCharArray());

        assertTrue(hasher.verify("correct horse battery staple".toCharArray(), stored));
        assertFalse(hasher.verify("correct horse battery stapl".toCharArray(), stored));
        assertFalse(hasher.verify("Correct horse battery staple".toCharArray(), stored));
        assertFalse(hasher.verify("correct horse battery staple ".toCharArray(), stored));
        assertFalse(hasher.verify(new char[0], stored));
    }

    @Test
    void everyHashHasItsOwnSalt() {
        char[] password = "correct horse battery staple".toCharArray();
        String first = hasher.hash(password);
        String second = hasher.hash(password);

        assertNotEquals(first, second);
        assertNotEquals(first.substring(7, 29), second.substring(7, 29));
        assertTrue(hasher.verify(password, first));
        assertTrue(hasher.verify(password, second));
    }

    @Test
    void theSaltComesFromTheGivenRandom() {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 7);
            }
        };
        PasswordHasher deterministic = new PasswordHasher(4, fixed);

        assertEquals(deterministic.hash("same".toCharArray()), deterministic.hash("same".toCharArray()));
    }

    @Test
    void passwordsDifferingOnlyAfterByte72HashDifferently() {
        // Plain bcrypt would see these two as the same password.
        char[] first = ("a".repeat(80) + "1").toCharArray();
        char[] second = ("a".repeat(80) + "2").toCharArray();
        String stored = hasher.hash(first);

        assertTrue(hasher.verify(first, stored));
        assertFalse(hasher.verify(second, stored));
        assertFalse(hasher.verify("a".repeat(72).toCharArray(), stored));
    }

    @Test
    void plainBcryptReallyWouldHaveTruncated() {
        // Documents the limit the pre-hash exists for, so nobody "simplifies" it away.
        byte[] salt = new byte[16];
        String plain = OpenBSDBCrypt.generate("2b", ("a".repeat(80) + "1").getBytes(StandardCharsets.UTF_8), salt, 4);

        assertTrue(OpenBSDBCrypt.checkPassword(plain, ("a".repeat(80) + "2").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void passwordsUpToTheInputCapWork() {
        char[] password = "long passphrase ".repeat(64).toCharArray();
        assertEquals(PasswordHasher.MAX_PASSWORD_CHARS, password.length);
        String stored = hasher.hash(password);

        assertTrue(hasher.verify(password, stored));
        password[password.length - 1] = '!';
        assertFalse(hasher.verify(password, stored));
    }

    @Test
    void inputsOverTheCapAreRefusedWithoutHashing() {
        char[] tooLong = "x".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1).toCharArray();
        String stored = hasher.hash("x".toCharArray());

        assertThrows(IllegalArgumentException.class, () -> hasher.hash(tooLong));
        assertFalse(hasher.verify(tooLong, stored));
        hasher.verifyDummy(tooLong);
    }

    @Test
    void nonAsciiPasswordsWork() {
        // 24 CJK characters are 72 UTF-8 bytes: plain bcrypt would ignore everything after them.
        String cjk = "日本語のパスワードは長くても安全に保存されるべきです";
        char[] password = (cjk + "一").toCharArray();
        String stored = hasher.hash(password);

        assertTrue(hasher.verify(password, stored));
        assertFalse(hasher.verify((cjk + "二").toCharArray(), stored));

        char[] emoji = "🔐 Grüße, Œuvre & café 🔑".toCharArray();
        assertTrue(hasher.verify(emoji, hasher.hash(emoji)));
    }

    @Test
    void differentlyComposedAccentsAreTheSamePassword() {
        String composed = "caf\u00e9 au lait, s'il vous pla\u00eet";
        String decomposed = "cafe\u0301 au lait, s'il vous plai\u0302t";
        assertNotEquals(composed, decomposed);

        assertTrue(hasher.verify(decomposed.toCharArray(), hasher.hash(composed.toCharArray())));
        assertTrue(hasher.verify(composed.toCharArray(), hasher.hash(decomposed.toCharArray())));
    }

    @Test
    void unpairedSurrogatesHashConsistently() {
        char[] broken = {'p', 'a', 's', 's', '\ud83d'};
        String stored = hasher.hash(broken);

        assertTrue(hasher.verify(broken, stored));
        assertFalse(hasher.verify("pass".toCharArray(), stored));
    }

    @Test
    void storedValueIsBcryptOfTheDocumentedPreHash() throws Exception {
        // Pins the scheme: a future migration must be able to reproduce it from the class comment.
        char[] password = "correct horse battery staple".toCharArray();
        Mac mac = Mac.getInstance("HmacSHA384");
        mac.init(new SecretKeySpec("neuromail/password/v1".getBytes(StandardCharsets.US_ASCII), "HmacSHA384"));
        byte[] preHash = Base64.getEncoder().encode(mac.doFinal("correct horse battery staple".getBytes(StandardCharsets.UTF_8)));

        String stored = hasher.hash(password);

        assertEquals(64, preHash.length);
        assertTrue(OpenBSDBCrypt.checkPassword(stored, preHash));
        assertFalse(OpenBSDBCrypt.checkPassword(stored, "correct horse battery staple".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "garbage",
        "plaintext-password",
        "$2b$04$",
        "$2b$04$tooShort",
        "$2b$03$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0", // cost under bcrypt's minimum
        "$2b$32$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0", // cost over its maximum
        "$2b$4$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01",
        "$2x$04$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0",
        "$1$04$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01",
        "$2b$04$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+",
        "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
    })
    void malformedStoredValuesVerifyAsFalseWithoutThrowing(String stored) {
        assertFalse(hasher.verify("correct horse battery staple".toCharArray(), stored));
        assertTrue(hasher.needsRehash(stored));
    }

    @Test
    void storedValueWithTrailingJunkIsMalformed() {
        String stored = hasher.hash("pw".toCharArray());

        assertFalse(hasher.verify("pw".toCharArray(), stored + " "));
        assertFalse(hasher.verify("pw".toCharArray(), stored + "\n"));
        assertFalse(hasher.verify("pw".toCharArray(), " " + stored));
    }

    @Test
    void nullPasswordVerifiesAsFalse() {
        assertFalse(hasher.verify(null, hasher.hash("pw".toCharArray())));
        assertThrows(NullPointerException.class, () -> hasher.hash(null));
    }

    @Test
    void hashesAtALowerCostNeedRehashing() {
        PasswordHasher stronger = new PasswordHasher(5, new SecureRandom());
        String weak = hasher.hash("pw".toCharArray());
        String strong = stronger.hash("pw".toCharArray());

        assertTrue(stronger.needsRehash(weak));
        assertFalse(stronger.needsRehash(strong));
        assertFalse(hasher.needsRehash(weak));
        assertFalse(hasher.needsRehash(strong), "a higher cost than configured is kept");
        // The cost is in the stored value, so either hasher verifies either hash.
        assertTrue(stronger.verify("pw".toCharArray(), weak));
        assertTrue(hasher.verify("pw".toCharArray(), strong));
    }

    @Test
    void productionCostIsAtLeast12() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(11));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(32));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(3, new SecureRandom()));
        assertThrows(NullPointerException.class, () -> new PasswordHasher(4, null));
        assertEquals(12, PasswordHasher.DEFAULT_COST);
    }

    @Test
    void defaultHasherUsesCost12() {
        PasswordHasher production = new PasswordHasher();
        char[] password = "correct horse battery staple".toCharArray();
        String stored = production.hash(password);

        assertEquals(12, production.cost());
        assertTrue(stored.startsWith("$2b$12$"), stored);
        assertTrue(production.verify(password, stored));
        assertFalse(production.verify("wrong horse battery staple".toCharArray(), stored));
        assertFalse(production.needsRehash(stored));
        assertTrue(production.needsRehash(hasher.hash(password)));
    }

    @Test
    void verifyDummyAcceptsAnyInput() {
        hasher.verifyDummy("whatever".toCharArray());
        hasher.verifyDummy(new char[0]);
        hasher.verifyDummy(null);
    }

    @Test
    void verifyDummyDoesTheSameWorkAsARealVerify() {
        // A login for an unknown address must cost what a wrong password costs: the dummy check is a
        // real bcrypt verification against a hash of the configured cost (checked structurally here;
        // a timing assertion would only measure the build machine's load).
        PasswordHasher hasher = new PasswordHasher(10, new SecureRandom());
        String dummy = hasher.dummyHash();
        assertTrue(dummy.matches("\\$2[aby]\\$10\\$.{53}"), dummy);
        assertFalse(hasher.needsRehash(dummy), "the dummy hash has the configured cost");
        assertFalse(hasher.verify("wrong horse battery staple".toCharArray(), dummy));
        assertNotEquals(dummy, new PasswordHasher(10, new SecureRandom()).dummyHash(), "each hasher salts its own");
        hasher.verifyDummy("wrong horse battery staple".toCharArray());
        hasher.verifyDummy(null);
    }
}
