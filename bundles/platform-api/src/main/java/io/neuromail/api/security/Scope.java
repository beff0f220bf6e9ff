package io.neuromail.api.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do. A browser session may do everything; an API key only what its scopes
 * allow. Resources declare the scope a method needs with {@link RequiresScope}; the identity bundle's
 * authentication filter enforces it before the resource is reached.
 */
public enum Scope {
    /** Read anything of the account that is not reserved to {@link #ADMIN}. */
    READ,
    /** Change the address book: contacts, lists, imports, segments, suppressions. */
    CONTACTS,
    /** Send mail: messages, sends and their pause, resume, cancel and resend, test messages. */
    SEND,
    /**
     * Everything, including what only an administrator may do: API keys, sender identities, account
     * settings, delivery and content-filter settings. The scope of every key made before scopes existed.
     */
    ADMIN;

    /** The scope's name in the API and the UI: {@code read}, {@code contacts}, {@code send}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope of an API name, case-insensitively; empty for an unknown one. */
    public static Optional<Scope> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Scope scope : values()) {
            if (scope.id().equalsIgnoreCase(id.strip())) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
