package io.neuromail.delivery.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sees the classes and resources of several loaders. Jakarta Mail and Activation find their
 * implementations (Angus) through {@code ServiceLoader} and {@code META-INF/mailcap} on the thread
 * context class loader; in OSGi that must be a loader that sees the Angus bundles.
 */
public final class CompositeClassLoader extends ClassLoader {

    private final List<ClassLoader> loaders;

    public CompositeClassLoader(List<ClassLoader> loaders) {
        super(null);
        this.loaders = List.copyOf(loaders);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader loader : loaders) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException e) {
                // Not this loader's class: the next one may have it; the last failure is thrown below.
                continue;
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader loader : loaders) {
            URL url = loader.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> urls = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            urls.addAll(Collections.list(loader.getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(urls));
    }
}
