package io.neuromail.contacts.internal.rest;

import java.util.Arrays;
import java.util.List;

import io.neuromail.api.rest.ApiException;

/** Checks of query parameters and bodies shared by the contacts resources. */
final class Params {

    private Params() {
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        return body;
    }

    static List<String> csv(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
