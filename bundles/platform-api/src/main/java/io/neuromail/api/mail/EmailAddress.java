package io.neuromail.api.mail;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * An e-mail address NeuroMail accepts, sends to and stores: a plain {@code local@domain} (no display
 * name, no quoted local part, no comments), the one rule every bundle applies.
 * <ul>
 * <li>The local part is an RFC 5322 dot-atom of ASCII characters: letters, digits and
 * {@code .!#$%&'*+/=?^_`{|}~-}, 1 to {@value #MAX_LOCAL} characters, no leading, trailing or double
 * dot. A local part with other characters (an internationalised one, {@code josé@example.com}) is
 * refused: delivering it needs SMTPUTF8 all the way, which NeuroMail's senders do not promise.</li>
 * <li>The domain may be internationalised: it is converted to its ASCII (IDNA, {@code xn--}) form
 * and lower-cased; then it has at least two labels of letters, digits and inner hyphens, each 1 to
 * {@value #MAX_LABEL} characters, at most {@value #MAX_DOMAIN} characters in all, and a top-level
 * label of letters (or an {@code xn--} label), so an IP address is not a domain.</li>
 * <li>The whole address is at most {@value #MAX_LENGTH} characters in ASCII form (RFC 5321).</li>
 * </ul>
 * Two addresses are the same mailbox when their {@link #normal() normal forms} are equal: the ASCII
 * form in lower case. Validation is a single pass over the characters and the IDNA conversion of the
 * domain, bounded by {@value #MAX_INPUT} characters of input: no regular expression.
 */
public final class EmailAddress {

    /** Most characters of an address in ASCII form (RFC 5321: a path of 256 octets with its brackets). */
    public static final int MAX_LENGTH = 254;
    /** Most characters of the local part (RFC 5321). */
    public static final int MAX_LOCAL = 64;
    /** Most characters of the domain in ASCII form. */
    public static final int MAX_DOMAIN = 253;
    /** Most characters of one domain label. */
    public static final int MAX_LABEL = 63;
    /** Longer input is refused before any other work. */
    public static final int MAX_INPUT = 1000;

    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private final String local;
    private final String domain;

    private EmailAddress(String local, String domain) {
        this.local = local;
        this.domain = domain;
    }

    /** The address, or empty when {@code raw} (stripped of surrounding white space) is not one. */
    public static Optional<EmailAddress> parse(String raw) {
        Object result = check(raw);
        return result instanceof EmailAddress a ? Optional.of(a) : Optional.empty();
    }

    /**
     * The address.
     *
     * @throws IllegalArgumentException when {@code raw} is not one; its message says why, in words
     *                                  fit for the user who typed it
     */
    public static EmailAddress of(String raw) {
        Object result = check(raw);
        if (result instanceof EmailAddress a) {
            return a;
        }
        throw new IllegalArgumentException((String) result);
    }

    /** The {@link #normal() normal form} of {@code raw}, or empty when it is not an address. */
    public static Optional<String> normalize(String raw) {
        return parse(raw).map(EmailAddress::normal);
    }

    /** Whether {@code raw} is an address. */
    public static boolean isValid(String raw) {
        return check(raw) instanceof EmailAddress;
    }

    /** Why {@code raw} is not an address, in words for the user; empty when it is one. */
    public static Optional<String> problem(String raw) {
        Object result = check(raw);
        return result instanceof String reason ? Optional.of(reason) : Optional.empty();
    }

    /**
     * The ASCII, lower-case form of a domain name (a sender domain, say): a trailing dot is dropped
     * and an internationalised name becomes its {@code xn--} form; the rules are those of an
     * address's domain.
     *
     * @throws IllegalArgumentException when it is not such a domain; the message says why
     */
    public static String normalizeDomain(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("a domain is required");
        }
        String d = raw.strip();
        if (d.length() > MAX_INPUT) {
            throw new IllegalArgumentException("a domain has at most " + MAX_DOMAIN + " characters");
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String ascii = asciiDomain(d);
        if (!isAsciiDomain(ascii)) {
            throw new IllegalArgumentException(ascii);
        }
        return ascii;
    }

    /**
     * The one-way key of a normal-form address: SHA-256 (hex) of it, for lists such as suppression
     * that must recognise an address without keeping it.
     */
    public static String hash(String normal) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(normal.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The local part, as it was given (letters keep their case). */
    public String local() {
        return local;
    }

    /** The domain in ASCII form, lower case. */
    public String domain() {
        return domain;
    }

    /** {@code local@domain} with the local part as given: the address to send to and to show. */
    public String address() {
        return local + "@" + domain;
    }

    /** The whole address in lower case: what two addresses are compared and stored by. */
    public String normal() {
        return address().toLowerCase(Locale.ROOT);
    }

    /** The hash of the normal form; see {@link #hash(String)}. */
    public String hash() {
        return hash(normal());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress other && normal().equals(other.normal());
    }

    @Override
    public int hashCode() {
        return normal().hashCode();
    }

    @Override
    public String toString() {
        return address();
    }

    /** An {@link EmailAddress}, or the reason (a String) why {@code raw} is not one. */
    private static Object check(String raw) {
        if (raw == null || raw.isBlank()) {
            return "an email address is required";
        }
        String email = raw.strip();
        if (email.length() > MAX_INPUT) {
            return "an email address has at most " + MAX_LENGTH + " characters";
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return "an email address looks like name@example.com";
        }
        String local = email.substring(0, at);
        String localProblem = localProblem(local);
        if (localProblem != null) {
            return localProblem;
        }
        String ascii = asciiDomain(email.substring(at + 1));
        if (!isAsciiDomain(ascii)) {
            return ascii;
        }
        if (local.length() + 1 + ascii.length() > MAX_LENGTH) {
            return "an email address has at most " + MAX_LENGTH + " characters";
        }
        return new EmailAddress(local, ascii);
    }

    private static String localProblem(String local) {
        if (local.length() > MAX_LOCAL) {
            return "the part before @ has at most " + MAX_LOCAL + " characters";
        }
        char previous = '.';
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (previous == '.') {
                    return "the part before @ must not start with a dot or hold two dots in a row";
                }
            } else if (!atext(c)) {
                return c > 127
                        ? "the part before @ must be ASCII: internationalised local parts are not supported"
                        : "the part before @ may hold letters, digits and .!#$%&'*+/=?^_`{|}~- only";
            }
            previous = c;
        }
        if (previous == '.') {
            return "the part before @ must not end with a dot";
        }
        return null;
    }

    private static boolean atext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    /** Tells a domain from a reason: every reason holds a space, no domain does. */
    private static boolean isAsciiDomain(String value) {
        return value.indexOf(' ') < 0;
    }

    /** The ASCII, lower-case form of {@code domain}, or a reason (with a space in it) why it is not one. */
    private static String asciiDomain(String domain) {
        String ascii;
        if (domain.chars().allMatch(c -> c < 128)) {
            ascii = domain.toLowerCase(Locale.ROOT);
        } else {
            try {
                ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException notADomain) {
                return "the domain is not a valid domain name";
            }
        }
        if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN) {
            return "the domain has 1 to " + MAX_DOMAIN + " characters";
        }
        int labels = 0;
        int start = 0;
        while (start <= ascii.length()) {
            int end = ascii.indexOf('.', start);
            if (end < 0) {
                end = ascii.length();
            }
            String problem = labelProblem(ascii, start, end, end == ascii.length());
            if (problem != null) {
                return problem;
            }
            labels++;
            start = end + 1;
        }
        if (labels < 2) {
            return "the domain has at least two labels, such as example.com";
        }
        return ascii;
    }

    private static String labelProblem(String d, int start, int end, boolean topLevel) {
        int length = end - start;
        if (length < 1 || length > MAX_LABEL) {
            return "each part of the domain between dots has 1 to " + MAX_LABEL + " characters";
        }
        if (d.charAt(start) == '-' || d.charAt(end - 1) == '-') {
            return "a part of the domain must not start or end with a hyphen";
        }
        boolean letters = true;
        for (int i = start; i < end; i++) {
            char c = d.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            if (!letter && !(c >= '0' && c <= '9') && c != '-') {
                return "the domain may hold letters, digits, hyphens and dots only";
            }
            letters &= letter;
        }
        if (topLevel && !(letters && length >= 2) && !d.startsWith("xn--", start)) {
            return "the domain must end in a name such as .com, not a number";
        }
        return null;
    }
}
