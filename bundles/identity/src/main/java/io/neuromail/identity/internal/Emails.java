package io.neuromail.identity.internal;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation and normalisation of login email addresses. */
final class Emails {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Emails() {
    }

    /**
     * The address with its domain lower-cased and in ASCII (IDNA) form, or empty when it is not a
     * plausible mailbox address.
     */
    static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.strip();
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.length() > 254) {
            return Optional.empty();
        }
        String local = email.substring(0, at);
        String domain;
        try {
            domain = IDN.toASCII(email.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            return Optional.empty();
        }
        if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Optional.empty();
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(local + "@" + domain);
    }

    /** The key two addresses are compared by: the whole address in lower case. */
    static String key(String normalized) {
        return normalized.toLowerCase(Locale.ROOT);
    }
}
