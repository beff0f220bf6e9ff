package io.neuromail.identity.internal;

import io.neuromail.api.security.Scope;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a member may do in an account. A browser session acts with its role's scopes, the same scopes
 * an API key is given, so one check ({@link io.neuromail.api.security.RequiresScope}) guards both.
 */
public enum Role {
    /** Everything, including the team's owners, the account's security settings and billing. */
    OWNER(EnumSet.allOf(Scope.class)),
    /** Everything but what only owners may do: members, API keys, sender identities, settings. */
    ADMIN(EnumSet.allOf(Scope.class)),
    /** Contacts, campaigns and sending. */
    EDITOR(EnumSet.of(Scope.READ, Scope.CONTACTS, Scope.SEND)),
    /** Reads everything the account's editors see; changes nothing. */
    VIEWER(EnumSet.of(Scope.READ));

    private final Set<Scope> scopes;

    Role(Set<Scope> scopes) {
        this.scopes = Set.copyOf(scopes);
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    /** The role's name in the API and the UI: {@code owner}, {@code admin}, {@code editor}, {@code viewer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a member of this role manages the team (invites, changes roles, removes members). */
    public boolean managesMembers() {
        return this == OWNER || this == ADMIN;
    }

    /** The role of an API name; empty for an unknown one. */
    public static Optional<Role> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
