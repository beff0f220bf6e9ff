package io.neuromail.db.internal;

import java.net.URL;
import java.util.List;
import java.util.Properties;

import javax.persistence.SharedCacheMode;
import javax.persistence.ValidationMode;
import javax.persistence.spi.ClassTransformer;
import javax.persistence.spi.PersistenceUnitInfo;
import javax.persistence.spi.PersistenceUnitTransactionType;
import javax.sql.DataSource;

import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * A persistence unit described in code, so bundles need no persistence.xml and the unit is built
 * from the bundle's own class loader and the shared data source.
 */
final class UnitInfo implements PersistenceUnitInfo {

    private final String name;
    private final ClassLoader loader;
    private final List<String> classNames;
    private final URL root;

    UnitInfo(String name, ClassLoader loader, List<Class<?>> entityClasses, URL root) {
        this.name = name;
        this.loader = loader;
        this.classNames = entityClasses.stream().map(Class::getName).toList();
        this.root = root;
    }

    @Override
    public String getPersistenceUnitName() {
        return name;
    }

    @Override
    public String getPersistenceProviderClassName() {
        return PersistenceProvider.class.getName();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return null; // given as a property, see PersistenceService
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        // EclipseLink names the unit after its root; nothing is scanned there (unlisted classes are excluded).
        return root;
    }

    @Override
    public List<String> getManagedClassNames() {
        return classNames;
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        // Rows may change outside this JVM (another node, an operator); always read the database.
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return new Properties();
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "2.2";
    }

    @Override
    public ClassLoader getClassLoader() {
        return loader;
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // Weaving is off: entities are plain classes loaded by their bundle.
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return loader;
    }
}
