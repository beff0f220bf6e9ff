package io.neuromail.api.persistence;

import java.util.function.Function;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bundle's own persistence unit, migrated and ready. Obtained from {@link Persistence#open}.
 * Every method runs its work in one transaction that commits when the function returns and rolls
 * back when it throws.
 */
@ProviderType
public interface PersistenceUnit extends AutoCloseable {

    /**
     * Runs {@code work} with an EntityManager that sees and writes only rows of {@code accountId}.
     * This is the only way to touch account-scoped entities.
     */
    <T> T inAccount(String accountId, Function<EntityManager, T> work);

    /**
     * Runs {@code work} with an EntityManager that has no account. Account-scoped entities cannot be
     * queried through it (EclipseLink refuses); it is for global tables such as users and sessions.
     */
    <T> T global(Function<EntityManager, T> work);

    /** Releases the unit's resources. */
    @Override
    void close();
}
