package io.neuromail.identity.internal;

import java.util.Locale;

/** Who may create an account ({@code signup.mode} of {@code etc/io.neuromail.identity.cfg}). */
public enum SignupMode {
    /** Anyone signs up and may send at once. */
    OPEN,
    /** Anyone signs up and may sign in; nothing is sent for the account until its owner confirms the address. */
    VERIFY_EMAIL,
    /** Only the operator creates accounts, by an invitation link (neuromail:account-create). */
    INVITE,
    /** No new accounts. */
    CLOSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static SignupMode of(String value) {
        for (SignupMode mode : values()) {
            if (mode.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("signup.mode must be open, verify-email, invite or closed, was " + value);
    }
}
