package io.neuromail.identity.internal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Scope;

/** API key scopes as the identity bundle stores them: comma-separated ids in a fixed order. */
final class Scopes {

    private Scopes() {
    }

    /** The scopes of a stored value; unknown ids (from a newer release) grant nothing. */
    static Set<Scope> parse(String stored) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (stored != null) {
            Arrays.stream(stored.split(",")).map(Scope::of).flatMap(Optional::stream).forEach(scopes::add);
        }
        return scopes;
    }

    static String format(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::id).collect(Collectors.joining(","));
    }

    /** The scopes a client asked a new key to have: at least one, every one known. */
    static Set<Scope> validate(List<String> requested, ApiException.Validation v) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (requested == null || requested.isEmpty()) {
            v.reject("scopes", "Choose at least one scope: read, contacts, send or admin");
            return scopes;
        }
        for (String id : requested) {
            Optional<Scope> scope = Scope.of(id);
            if (scope.isEmpty()) {
                v.reject("scopes", "Unknown scope '" + id + "'; the scopes are read, contacts, send and admin");
            } else {
                scopes.add(scope.get());
            }
        }
        return scopes;
    }
}
