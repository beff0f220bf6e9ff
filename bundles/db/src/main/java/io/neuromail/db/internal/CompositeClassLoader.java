package io.neuromail.db.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Class loader for a persistence unit: the owning bundle's loader first (its entities and mapping
 * files), then EclipseLink's own (database platforms and internal classes that the owning bundle
 * does not import).
 */
final class CompositeClassLoader extends ClassLoader {

    private final List<ClassLoader> delegates;

    CompositeClassLoader(ClassLoader... delegates) {
        super(null);
        this.delegates = List.of(delegates);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader delegate : delegates) {
            try {
                return delegate.loadClass(name);
            } catch (ClassNotFoundException notThere) {
                // try the next delegate
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader delegate : delegates) {
            URL url = delegate.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> all = new LinkedHashSet<>();
        for (ClassLoader delegate : delegates) {
            all.addAll(Collections.list(delegate.getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(all));
    }
}
