package io.neuromail.contacts.internal;

import java.util.List;
import java.util.Map;

/**
 * The fields of a contact a client sets (create) or changes (update: {@code null} leaves a field
 * as it is; an attribute set to {@code null} is removed).
 */
public record ContactInput(String email, String firstName, String lastName, String status, String consentSource,
                           List<String> tags, Map<String, Object> attributes) {
}
