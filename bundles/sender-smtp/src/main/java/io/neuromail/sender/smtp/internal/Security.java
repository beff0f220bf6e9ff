package io.neuromail.sender.smtp.internal;

import java.util.Locale;

/** How the connection to a relay is protected. */
enum Security {
    /** Plain SMTP. */
    NONE,
    /** Plain SMTP upgraded with STARTTLS; the connection fails when the relay does not offer it. */
    STARTTLS,
    /** TLS from the first byte (SMTPS). */
    TLS;

    static Security parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("security must be one of none, starttls, tls: '" + value + "'", e);
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
