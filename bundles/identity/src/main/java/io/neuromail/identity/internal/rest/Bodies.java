package io.neuromail.identity.internal.rest;

import io.neuromail.api.rest.ApiException;

/** Request-body checks shared by the identity resources. */
final class Bodies {

    private Bodies() {
    }

    /** An absent JSON body is a client error, not a null to trip over later. */
    static <T> T require(T body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        return body;
    }
}
