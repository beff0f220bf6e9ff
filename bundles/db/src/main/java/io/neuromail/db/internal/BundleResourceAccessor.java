package io.neuromail.db.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import liquibase.resource.AbstractResource;
import liquibase.resource.OpenOptions;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Lets Liquibase read a bundle's changelogs through the bundle's class loader. Liquibase's own
 * class-path accessor expects file or jar roots and cannot list {@code bundle:} URLs; changelogs are
 * only ever looked up by exact path, so that is all this accessor supports.
 */
final class BundleResourceAccessor implements ResourceAccessor {

    private final ClassLoader loader;

    BundleResourceAccessor(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public List<Resource> search(String path, SearchOptions searchOptions) throws IOException {
        return getAll(path);
    }

    @Override
    public List<Resource> search(String path, boolean recursive) throws IOException {
        return getAll(path);
    }

    @Override
    public List<Resource> getAll(String path) throws IOException {
        String normalized = path.startsWith("/") ? path.substring(1) : path;
        List<Resource> found = new ArrayList<>();
        for (URL url : Collections.list(loader.getResources(normalized))) {
            found.add(new BundleResource(normalized, url, loader));
        }
        return found;
    }

    @Override
    public List<String> describeLocations() {
        return List.of("bundle class loader " + loader);
    }

    @Override
    public void close() {
        // The class loader belongs to its bundle; there is nothing of ours to release.
    }

    private static final class BundleResource extends AbstractResource {
        private final URL url;
        private final ClassLoader loader;

        BundleResource(String path, URL url, ClassLoader loader) {
            super(path, toUri(url));
            this.url = url;
            this.loader = loader;
        }

        private static java.net.URI toUri(URL url) {
            try {
                return url.toURI();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Unusable resource URL " + url, e);
            }
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public InputStream openInputStream() throws IOException {
            return url.openStream();
        }

        @Override
        public boolean isWritable() {
            return false;
        }

        @Override
        public OutputStream openOutputStream(OpenOptions openOptions) throws IOException {
            throw new IOException("Changelogs inside bundles are read-only: " + getPath());
        }

        @Override
        public Resource resolve(String other) {
            return lookup(join(getPath(), other));
        }

        @Override
        public Resource resolveSibling(String other) {
            String path = getPath();
            int slash = path.lastIndexOf('/');
            String sibling = slash < 0 ? other : path.substring(0, slash + 1) + other;
            return lookup(sibling);
        }

        private static String join(String base, String other) {
            return base.endsWith("/") ? base + other : base + "/" + other;
        }

        private Resource lookup(String path) {
            URL found = loader.getResource(path);
            if (found == null) {
                return new NotFoundResource(path, null);
            }
            return new BundleResource(path, found, loader);
        }
    }
}
