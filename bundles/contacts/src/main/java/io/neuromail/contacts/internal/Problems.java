package io.neuromail.contacts.internal;

import java.util.List;
import java.util.Map;

import io.neuromail.api.rest.ApiException;

/** Client errors of the contacts API. */
public final class Problems {

    private Problems() {
    }

    /** 422 for one invalid field. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(422, "Validation Failed", message, List.of(new ApiException.FieldError(field, message)),
                Map.of());
    }
}
