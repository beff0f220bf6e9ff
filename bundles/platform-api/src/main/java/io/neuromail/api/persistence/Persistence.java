package io.neuromail.api.persistence;

import java.util.List;

import javax.sql.DataSource;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way to the NeuroMail database. JPA ({@link #open}) for small per-account settings and
 * objects, JDBC ({@link #jdbc()}) for bulk, set-based work. Opens a bundle's persistence unit on the NeuroMail data source, after running the bundle's schema
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
     * @param entityClasses   every entity class of the unit, the bundle's own first (it gives the
     *                        unit's root), and any shared converter such as {@link InstantConverter}
     */
    PersistenceUnit open(String unitName, ClassLoader classLoader, String changelog,
                         List<Class<?>> entityClasses);

    /**
     * Migrates the schema with the bundle's changelog without opening a persistence unit, for a
     * bundle that works on its tables with plain JDBC (set-based bulk work such as imports).
     * Such a bundle must bind the account id into every statement on its account-scoped tables
     * itself; EclipseLink's account scoping does not apply to it.
     *
     * @since 1.1
     */
    void migrate(String unitName, ClassLoader classLoader, String changelog);

    /**
     * The NeuroMail data source (a connection pool). Bundles use {@link #jdbc()} rather than this.
     *
     * @since 1.1
     */
    DataSource dataSource();

    /**
     * Plain JDBC on the NeuroMail data source, for a bundle whose work is set-based and bulk (see
     * {@link #migrate}): transactions, parameter binding, one unchecked exception.
     *
     * @since 1.3
     */
    Jdbc jdbc();

    /** The database product the data source talks to, e.g. {@code "PostgreSQL"} or {@code "H2"}. */
    String databaseProduct();
}
