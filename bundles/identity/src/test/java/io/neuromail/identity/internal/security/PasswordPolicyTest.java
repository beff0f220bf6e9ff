package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private static final String TOO_SHORT = "Use at least 12 characters.";
    private static final String TOO_LONG = "Use at most 128 characters.";
    private static final String COMMON =
            "This password is one of the most common ones and is among the first that attackers try.";
    private static final String EMAIL = "Don't use your email address, or part of it, in your password.";
    private static final String REPEATED = "Don't use a single character repeated.";

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @ValueSource(strings = {
        "correct horse battery staple",
        "tangerine-elbow-1987",
        "twelve chars",
        "Zimmerpflanze im Büro",
        "ひらがなとカタカナの長い合言葉",
    })
    void goodPasswordsHaveNoProblems(String password) {
        assertEquals(List.of(), policy.problems(password, "jane.doe@example.com"));
    }

    @Test
    void lengthIsCountedInCodePointsNotUtf16Units() {
        String elevenEmoji = "🍎🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑"; // 22 chars, 11 code points
        String twelveEmoji = elevenEmoji + "🥭";

        assertEquals(List.of(TOO_SHORT), policy.problems(elevenEmoji, null));
        assertEquals(List.of(), policy.problems(twelveEmoji, null));
    }

    @Test
    void lengthBoundsAreInclusive() {
        String twelve = "abcdefghijk1";
        String maximum = "abcdefgh".repeat(16);

        assertEquals(List.of(TOO_SHORT), policy.problems(twelve.substring(1), null));
        assertEquals(List.of(), policy.problems(twelve, null));
        assertEquals(List.of(), policy.problems(maximum, null));
        assertEquals(List.of(TOO_LONG), policy.problems(maximum + "x", null));
        assertEquals(List.of(TOO_LONG), policy.problems("🍎🍊".repeat(65), null));
    }

    @Test
    void nullAndEmptyAreTooShort() {
        assertEquals(List.of(TOO_SHORT), policy.problems(null, "jane@example.com"));
        assertEquals(List.of(TOO_SHORT), policy.problems("", "jane@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1qaz2wsx3edc", "qwerty123456", "QWERTY123456", "LeaveMeAlone", "finalfantasy",
        "123456789987654321"})
    void commonPasswordsAreRejectedWhateverTheirCase(String password) {
        assertEquals(List.of(COMMON), policy.problems(password, "jane@example.com"));
    }

    @Test
    void shortCommonPasswordsGetBothMessages() {
        assertEquals(List.of(TOO_SHORT, COMMON), policy.problems("Password", null));
    }

    @Test
    void theShippedListIsLargeEnough() {
        assertEquals(30_000, PasswordPolicy.commonPasswordCount());
        assertTrue(PasswordPolicy.commonPasswordCount() >= 10_000);
    }

    @Test
    void theShippedListIsVendoredWithItsLicence() {
        assertTrue(PasswordPolicy.class.getResource(PasswordPolicy.COMMON_PASSWORDS) != null);
        assertTrue(PasswordPolicy.class.getResource("common-passwords.LICENSE.txt") != null);
        assertTrue(PasswordPolicy.class.getResource("README.md") != null);
    }

    @Test
    void theWholeEmailIsRejected() {
        assertEquals(List.of(EMAIL), policy.problems("jane.doe@example.com", "jane.doe@example.com"));
        assertEquals(List.of(EMAIL), policy.problems("my jane.doe@example.com!", "Jane.Doe@Example.com "));
    }

    @Test
    void theLocalPartIsRejectedWhenLongEnoughToBeMeaningful() {
        assertEquals(List.of(EMAIL), policy.problems("janedoe-secret-2024", "janedoe@example.com"));
        assertEquals(List.of(EMAIL), policy.problems("JANEDOE-secret-2024", "janedoe@example.com"));
        assertEquals(List.of(EMAIL), policy.problems("secret-jane-secret", "jane@example.com"));
        // "bob" is too short to count: it turns up in ordinary words.
        assertEquals(List.of(), policy.problems("thingamabob rocks", "bob@example.com"));
    }

    @Test
    void theLocalPartWithoutItsPlusTagIsRejected() {
        assertEquals(List.of(EMAIL), policy.problems("janedoe-secret-2024", "janedoe+news@example.com"));
        assertEquals(List.of(EMAIL), policy.problems("janedoe+news rocks", "janedoe+news@example.com"));
    }

    @Test
    void noEmailMeansNoEmailCheck() {
        assertEquals(List.of(), policy.problems("janedoe-secret-2024", null));
        assertEquals(List.of(), policy.problems("janedoe-secret-2024", "  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaa", "............................", "🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐", "            "})
    void oneRepeatedCharacterIsRejected(String password) {
        assertEquals(List.of(REPEATED), policy.problems(password, null));
    }

    @Test
    void twoAlternatingCharactersAreNotOneRepeated() {
        assertEquals(List.of(), policy.problems("🔐🔑".repeat(6), null));
    }

    @Test
    void everyProblemIsReported() {
        assertEquals(List.of(TOO_SHORT, EMAIL, REPEATED), policy.problems("aaaa", "aaaa@example.com"));
    }
}
