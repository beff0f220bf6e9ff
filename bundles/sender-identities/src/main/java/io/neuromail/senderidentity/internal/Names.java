package io.neuromail.senderidentity.internal;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normal forms of what an identity names. Domains are compared in their ASCII (IDNA) form in lower
 * case; addresses as {@code local@domain} with the local part in lower case too (NeuroMail treats
 * {@code Sales@} and {@code sales@} as one sender, as every mailbox provider does in practice).
 */
public final class Names {

    /** RFC 5321: a path is at most 256 octets with its angle brackets. */
    public static final int MAX_ADDRESS = 254;
    public static final int MAX_LOCAL = 64;
    public static final int MAX_DOMAIN = 253;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** RFC 5322 dot-atom: atext runs separated by single dots. Quoted local parts are not accepted. */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");

    private Names() {
    }

    /** A value that is not a valid name, with a message for the user. */
    public static final class InvalidName extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidName(String message) {
            super(message);
        }
    }

    /**
     * The ASCII, lower-case form of a domain name; a trailing dot is dropped and internationalized
     * names are converted to their {@code xn--} form.
     *
     * @throws InvalidName when it is not a domain that mail can be sent from
     */
    public static String domain(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidName("a domain is required");
        }
        String d = value.strip();
        if (d.length() > 1000) {
            throw new InvalidName("a domain has at most " + MAX_DOMAIN + " characters");
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidName("not a valid domain name");
        }
        if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN) {
            throw new InvalidName("a domain has 1 to " + MAX_DOMAIN + " characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidName("a domain has at least two labels, such as example.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidName("not a valid domain name");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidName("an IP address is not a domain");
        }
        return ascii;
    }

    /**
     * The normal form {@code local@domain} of an address: local part in lower case, domain as
     * {@link #domain(String)}.
     *
     * @throws InvalidName when it is not a plain address
     */
    public static String address(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidName("an address is required");
        }
        String a = value.strip();
        if (a.length() > 1000) {
            throw new InvalidName("an address has at most " + MAX_ADDRESS + " characters");
        }
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            throw new InvalidName("an address looks like name@example.com");
        }
        String local = a.substring(0, at);
        if (local.length() > MAX_LOCAL || !LOCAL.matcher(local).matches()) {
            throw new InvalidName("the part before @ is not valid (letters, digits and .!#$%&'*+/=?^_`{|}~- "
                    + "up to " + MAX_LOCAL + " characters, no spaces or quotes)");
        }
        String normal = local.toLowerCase(Locale.ROOT) + "@" + domain(a.substring(at + 1));
        if (normal.length() > MAX_ADDRESS) {
            throw new InvalidName("an address has at most " + MAX_ADDRESS + " characters");
        }
        return normal;
    }

    /** The domain of a normalized address. */
    public static String domainOf(String normalAddress) {
        return normalAddress.substring(normalAddress.lastIndexOf('@') + 1);
    }

    /**
     * A DKIM selector in lower case: DNS labels of letters, digits, {@code -} and {@code _}.
     *
     * @throws InvalidName when it is not one
     */
    public static String selector(String value) {
        if (value == null) {
            throw new InvalidName("a selector is required");
        }
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > 63 || !SELECTOR.matcher(s).matches()) {
            throw new InvalidName("a DKIM selector is 1 to 63 letters, digits, '-', '_' or '.', such as s1 or mail2024");
        }
        return s;
    }
}
