package io.neuromail.api.persistence;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens a bundle's persistence unit on the NeuroMail data source, after running the bundle's schema
 * migrations. Each bundle owns its tables and its Liquibase changelog; nothing here is shared but
 * the connection pool.
 */
@ProviderType
public interface Persistence {

    /**
     * Migrates the schema with the bundle's changelog, then opens a persistence unit for its entities.
     *
     * @param unitName        a name for the unit, unique among bundles (e.g. {@code "identity"})
     * @param classLoader     the class loader of the owning bundle: it loads the changelog and the
     *                        entity classes
     * @param changelog       class-path resource of the Liquibase changelog, e.g.
     *                        {@code "io/neuromail/identity/db/changelog.xml"}
     * @param entityClasses   every entity class of the unit
     */
    PersistenceUnit open(String unitName, ClassLoader classLoader, String changelog,
                         List<Class<?>> entityClasses);

    /** The database product the data source talks to, e.g. {@code "PostgreSQL"} or {@code "H2"}. */
    String databaseProduct();
}
