package io.neuromail.identity.internal.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Decides whether a new password is acceptable, following NIST SP 800-63B §5.1.1.2: a length
 * floor, a check against passwords known to be common or leaked, and against the user's own
 * email, and no composition rules ("one digit, one symbol"), which make passwords harder to
 * remember without making them harder to guess.
 *
 * <p>Stateless and thread-safe.
 */
public final class PasswordPolicy {

    /** Fewer characters than this and an offline attack on a leaked hash becomes practical. */
    public static final int MIN_LENGTH = 12;

    /**
     * Long enough for any passphrase; the cap only keeps a request from making us pre-hash
     * megabytes.
     */
    public static final int MAX_LENGTH = 128;

    /** A local part shorter than this ("bob") is too likely to occur by chance in a passphrase. */
    static final int MIN_LOCAL_PART = 4;

    static final String COMMON_PASSWORDS = "common-passwords.txt.gz";

    /**
     * Problems with a password someone wants to set.
     *
     * @param password the candidate; {@code null} is treated as empty
     * @param email    the account's email, or {@code null} when not known yet
     * @return sentences to show the user, in a fixed order; empty when the password is acceptable
     */
    public List<String> problems(String password, String email) {
        String candidate = password == null ? "" : password;
        List<String> problems = new ArrayList<>(2);
        int length = candidate.codePointCount(0, candidate.length());
        if (length < MIN_LENGTH) {
            problems.add("Use at least " + MIN_LENGTH + " characters.");
        } else if (length > MAX_LENGTH) {
            problems.add("Use at most " + MAX_LENGTH + " characters.");
        }
        String folded = candidate.toLowerCase(Locale.ROOT);
        if (CommonPasswords.SET.contains(folded)) {
            problems.add("This password is one of the most common ones and is among the first that attackers try.");
        }
        if (containsEmail(folded, email)) {
            problems.add("Don't use your email address, or part of it, in your password.");
        }
        if (length > 1 && candidate.codePoints().distinct().count() == 1) {
            problems.add("Don't use a single character repeated.");
        }
        return problems;
    }

    private static boolean containsEmail(String foldedPassword, String email) {
        if (email == null || email.isBlank() || foldedPassword.isEmpty()) {
            return false;
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        if (foldedPassword.contains(address)) {
            return true;
        }
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        if (local.length() >= MIN_LOCAL_PART && foldedPassword.contains(local)) {
            return true;
        }
        // "jane.doe+newsletter@..." — the part before the tag is what the user thinks of as theirs.
        int plus = local.indexOf('+');
        String untagged = plus < 0 ? local : local.substring(0, plus);
        return untagged.length() >= MIN_LOCAL_PART && foldedPassword.contains(untagged);
    }

    /*
     * The list costs a few megabytes once loaded, so it is loaded on the first check, not when
     * the bundle starts; the holder idiom makes that lazy and thread-safe without locking.
     */
    private static final class CommonPasswords {
        static final Set<String> SET = load();

        private static Set<String> load() {
            InputStream resource = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS);
            if (resource == null) {
                // The list ships inside this bundle: if it is missing the build is broken, and
                // silently accepting every password would be the worst way to find out.
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the bundle");
            }
            Set<String> set = new HashSet<>(40_000);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(resource), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isEmpty()) {
                        set.add(line.toLowerCase(Locale.ROOT));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + COMMON_PASSWORDS, e);
            }
            return Collections.unmodifiableSet(set);
        }
    }

    /** For tests: how many entries the shipped list has. */
    static int commonPasswordCount() {
        return CommonPasswords.SET.size();
    }
}
