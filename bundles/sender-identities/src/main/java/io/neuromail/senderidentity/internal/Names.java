package io.neuromail.senderidentity.internal;

import java.util.Locale;
import java.util.regex.Pattern;

import io.neuromail.api.mail.EmailAddress;

/**
 * Normal forms of what an identity names. Domains are compared in their ASCII (IDNA) form in lower
 * case; addresses as {@code local@domain} with the local part in lower case too (NeuroMail treats
 * {@code Sales@} and {@code sales@} as one sender, as every mailbox provider does in practice).
 */
public final class Names {

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
     * names are converted to their {@code xn--} form ({@link EmailAddress#normalizeDomain}).
     *
     * @throws InvalidName when it is not a domain that mail can be sent from
     */
    public static String domain(String value) {
        try {
            return EmailAddress.normalizeDomain(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidName(e.getMessage());
        }
    }

    /**
     * The normal form {@code local@domain} of an address ({@link EmailAddress#normal()}): all in lower
     * case, the domain in ASCII form.
     *
     * @throws InvalidName when it is not a plain address
     */
    public static String address(String value) {
        try {
            return EmailAddress.of(value).normal();
        } catch (IllegalArgumentException e) {
            throw new InvalidName(e.getMessage());
        }
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
