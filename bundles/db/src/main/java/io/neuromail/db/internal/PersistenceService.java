package io.neuromail.db.internal;

import java.net.URL;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.persistence.PersistenceUnit;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;

/**
 * The NeuroMail data source, as configured in {@code etc/org.ops4j.datasource-neuromail.cfg}, offered
 * to bundles as migrated persistence units. Works the same on the embedded H2 database and on
 * PostgreSQL: migrations are Liquibase changelogs and queries are JPQL.
 */
@Component(service = Persistence.class, configurationPid = "io.neuromail.db")
public class PersistenceService implements Persistence {

    /** {@code etc/io.neuromail.db.cfg}. */
    public @interface Config {
        /**
         * The PostgreSQL role that one account's work acts as, limited by row-level security to that
         * account's rows. Created at start when missing (the login role needs CREATEROLE then).
         */
        String accountRole() default DEFAULT_ACCOUNT_ROLE;
    }

    static final String DEFAULT_ACCOUNT_ROLE = "neuromail_app";

    private static final Logger LOG = LoggerFactory.getLogger(PersistenceService.class);

    private final DataSource dataSource;
    private final String product;
    private final Jdbc jdbc;
    private final RowLevelSecurity rowLevelSecurity;

    @Activate
    public PersistenceService(@Reference(target = "(dataSourceName=neuromail)") DataSource dataSource, Config config)
            throws SQLException {
        this(dataSource, config.accountRole());
    }

    /** Outside OSGi (tests, tools): the default account role. */
    public PersistenceService(DataSource dataSource) throws SQLException {
        this(dataSource, DEFAULT_ACCOUNT_ROLE);
    }

    public PersistenceService(DataSource dataSource, String accountRole) throws SQLException {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.product = c.getMetaData().getDatabaseProductName();
            LOG.info("NeuroMail database: {} {}", product, c.getMetaData().getDatabaseProductVersion());
        }
        this.jdbc = new Jdbc(dataSource, accountRole);
        if (jdbc.postgres()) {
            // Its set-up runs as the login role (Jdbc.system); a blank or odd role name is refused here.
            this.rowLevelSecurity = new RowLevelSecurity(jdbc, accountRole == null ? "" : accountRole);
            rowLevelSecurity.prepareRole();
        } else {
            this.rowLevelSecurity = null;
        }
        requireDurableCommits();
    }

    /**
     * Makes every commit reach the database file before the commit returns. The embedded H2 keeps
     * committed changes in memory for up to half a second by default (WRITE_DELAY); a process killed
     * in that time would forget, for example, that a message was handed off or sent, and send it
     * again. PostgreSQL commits durably already. The H2 setting is persistent and database-wide,
     * which is why it is made here and by no other bundle.
     */
    private void requireDurableCommits() {
        if (!jdbc.postgres()) {
            jdbc.update("SET WRITE_DELAY 0");
        }
    }

    private void secureTables() {
        if (rowLevelSecurity != null) {
            rowLevelSecurity.secureTables();
        }
    }

    @Override
    public Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public String databaseProduct() {
        return product;
    }

    @Override
    public synchronized PersistenceUnit open(String unitName, ClassLoader classLoader, String changelog,
                                             List<Class<?>> entityClasses) {
        migrate(unitName, classLoader, changelog);
        ClassLoader unitLoader = new CompositeClassLoader(classLoader, PersistenceService.class.getClassLoader(),
                PersistenceProvider.class.getClassLoader());
        Map<String, Object> properties = new HashMap<>();
        properties.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
        properties.put(PersistenceUnitProperties.CLASSLOADER, unitLoader);
        properties.put(PersistenceUnitProperties.WEAVING, "false");
        properties.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
        properties.put(PersistenceUnitProperties.LOGGING_LOGGER, "JavaLogger");
        properties.put(PersistenceUnitProperties.LOGGING_LEVEL, "WARNING");
        properties.put(PersistenceUnitProperties.LOGGING_PARAMETERS, "false");
        properties.put(PersistenceUnitProperties.SESSION_NAME, "neuromail-" + unitName);
        EntityManagerFactory emf = new PersistenceProvider().createContainerEntityManagerFactory(
                new UnitInfo("neuromail-" + unitName, unitLoader, entityClasses, rootOf(entityClasses)), properties);
        // Fail at start-up, not on the first request, when a mapping is wrong.
        emf.createEntityManager().close();
        return new ScopedUnit(emf, jdbc);
    }

    /**
     * Where the unit's entities come from: the owning bundle's root, or, when the classes are not
     * loaded by a bundle (plain class path, as in unit tests), the class-path entry that holds them.
     */
    private static URL rootOf(List<Class<?>> entityClasses) {
        if (entityClasses.isEmpty()) {
            throw new IllegalArgumentException("a persistence unit needs at least one entity class");
        }
        Class<?> first = entityClasses.get(0);
        Bundle bundle = FrameworkUtil.getBundle(first);
        if (bundle != null) {
            return bundle.getEntry("/");
        }
        CodeSource source = first.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new IllegalArgumentException(first + " is not loaded by a bundle and has no code-source location");
        }
        return location;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * What Liquibase runs with: the changelog's bundle as its resource accessor, Liquibase's own class
     * loader for its service lookups, and its product-usage analytics off. Left on, Liquibase fetches
     * a configuration from analytics.liquibase.com (waiting up to 1.5 s for it) and reports each run
     * there; NeuroMail makes no outbound connection that a feature of its own does not need.
     */
    static Map<String, Object> liquibaseScope(ClassLoader changelogLoader) {
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), new BundleResourceAccessor(changelogLoader));
        scope.put(Scope.Attr.classLoader.name(), Database.class.getClassLoader());
        scope.put(LIQUIBASE_ANALYTICS, Boolean.FALSE);
        return scope;
    }

    /** Liquibase's setting that turns its analytics on or off. */
    static final String LIQUIBASE_ANALYTICS = "liquibase.analytics.enabled";

    @Override
    public synchronized void migrate(String unitName, ClassLoader classLoader, String changelog) {
        String digest = AppliedChangelogs.digest(classLoader, changelog);
        if (applied(unitName, changelog, digest)) {
            return;
        }
        if (!jdbc.postgres()) {
            update(unitName, classLoader, changelog, digest);
            return;
        }
        // Nodes that start together on one database take turns: Liquibase's own lock lives in a table
        // that the first migration creates, and two nodes creating it at once fail.
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                Jdbc.one(lock, "SELECT pg_advisory_xact_lock(?)", rs -> 1, MIGRATION_LOCK);
                if (!applied(unitName, changelog, digest)) {
                    update(unitName, classLoader, changelog, digest);
                }
            } finally {
                lock.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Taking the migration lock failed: " + e.getMessage(), e);
        }
    }

    /** The advisory lock that serialises schema migrations across the nodes of one PostgreSQL database. */
    private static final long MIGRATION_LOCK = 0x4E4D4D4947L;

    /** Whether the unit's changelog, unchanged, was applied in full before; then only row-level security is checked. */
    private boolean applied(String unitName, String changelog, String digest) {
        try {
            if (digest != null && AppliedChangelogs.applied(dataSource, unitName, digest)) {
                LOG.info("Schema of '{}' is up to date ({}, unchanged since it was applied)", unitName, changelog);
                secureTables();
                return true;
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the applied changelogs failed: " + e.getMessage(), e);
        }
    }

    /** Runs Liquibase's update of the unit's changelog and records the changelog as applied. */
    private void update(String unitName, ClassLoader classLoader, String changelog, String digest) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(Database.class.getClassLoader());
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(liquibaseScope(classLoader), () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .execute());
            if (digest != null) {
                AppliedChangelogs.record(dataSource, unitName, changelog, digest);
            }
            secureTables();
            LOG.info("Schema of '{}' is up to date ({})", unitName, changelog);
        } catch (Exception e) {
            throw new IllegalStateException("Migrating the schema of '" + unitName + "' failed: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
