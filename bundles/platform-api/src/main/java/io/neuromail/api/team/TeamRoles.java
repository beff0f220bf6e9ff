package io.neuromail.api.team;

import java.util.List;
import java.util.Optional;

/** The roles of an account's members; the identity bundle provides it. */
public interface TeamRoles {

    /** The role name of an owner; the others are {@code admin}, {@code editor} and {@code viewer}. */
    String OWNER = "owner";

    /** The role of a user in an account; empty when the user is no member of it. */
    Optional<String> roleOf(String accountId, String userId);

    /** The addresses of the account's owners, oldest membership first. */
    List<String> ownerAddresses(String accountId);
}
