package io.neuromail.contacts.internal.rest;

import java.util.Arrays;
import java.util.List;


/** Checks of query parameters and bodies shared by the contacts resources. */
final class Params {

    private Params() {
    }


    static List<String> csv(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
