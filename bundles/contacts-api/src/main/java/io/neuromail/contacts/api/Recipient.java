package io.neuromail.contacts.api;

import java.util.Map;
import java.util.Objects;

/**
 * One recipient of a send, with what personalisation needs.
 *
 * @param contactId  the contact's id
 * @param email      the address, normalised (domain in lower case)
 * @param firstName  may be {@code null}
 * @param lastName   may be {@code null}
 * @param attributes the custom attributes by name: {@code String}, {@code java.math.BigDecimal},
 *                   {@code java.time.LocalDate} or {@code Boolean} values; never {@code null}
 */
public record Recipient(String contactId, String email, String firstName, String lastName,
                        Map<String, Object> attributes) {

    public Recipient {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(email, "email");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
