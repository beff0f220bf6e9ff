package io.neuromail.contacts.internal.rest;

import java.util.Arrays;
import java.util.List;

import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.internal.Problems;

/** Checks of query parameters and bodies shared by the contacts resources. */
final class Params {

    static final int MAX_PAGE_SIZE = 500;

    private Params() {
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        return body;
    }

    static int page(Integer page) {
        if (page != null && page < 0) {
            throw Problems.invalid("page", "page starts at 0");
        }
        return page == null ? 0 : page;
    }

    static int size(Integer size) {
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw Problems.invalid("size", "size is 1 to " + MAX_PAGE_SIZE);
        }
        return size == null ? 50 : size;
    }

    static List<String> csv(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
