package io.neuromail.contacts.internal;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation and normalisation of contact addresses. The domain is converted to its ASCII (IDNA)
 * form and the whole address is lower-cased, so {@code Anna@Bücher.Example} and
 * {@code anna@xn--bcher-kva.example} are one contact: mailbox providers treat local parts
 * case-insensitively, and two contacts for one mailbox would get every campaign twice.
 */
public final class EmailAddress {

    private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ASCII_DOMAIN = Pattern.compile("[A-Za-z0-9.-]+");
    private static final Pattern TLD = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");

    private EmailAddress() {
    }

    /** The normalised address, or empty when {@code raw} is not a plausible mailbox address. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.strip();
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.length() > 254) {
            return Optional.empty();
        }
        String local = email.substring(0, at);
        if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1);
        if (ASCII_DOMAIN.matcher(domain).matches()) {
            domain = domain.toLowerCase(Locale.ROOT);
        } else {
            try {
                domain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException notADomain) {
                return Optional.empty();
            }
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2 || domain.length() > 253) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        if (!TLD.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(local.toLowerCase(Locale.ROOT) + "@" + domain);
    }

    /** Why {@code raw} is not accepted, for an import's error report. */
    public static String problem(String raw) {
        if (raw == null || raw.isBlank()) {
            return "email is empty";
        }
        return "invalid email address";
    }

    /**
     * The one-way key of an address on the suppression list: SHA-256 (hex) of the normalised
     * address. An erased contact leaves only this behind.
     */
    public static String hash(String normalized) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(normalized.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
