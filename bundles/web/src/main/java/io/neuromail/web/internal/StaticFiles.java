package io.neuromail.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The UI's files, looked up by request path. Only {@code /}, {@code /index.html} and files under
 * {@code /assets/} with a known type are served; anything else, including any path with an empty,
 * {@code .} or {@code ..} segment, is not found. Files are read once: they cannot change while the
 * bundle that holds them is active. Only files found are kept, so the cache holds at most the
 * bundle's files however many different missing paths are asked for.
 */
final class StaticFiles {

    /** Where the files sit inside the bundle. */
    static final String ROOT = "static";

    static final String INDEX = "/index.html";

    static final String ASSETS = "/assets/";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2",
            "txt", "text/plain; charset=utf-8");

    /** One file, ready to send. */
    record File(String path, String contentType, byte[] content, String etag) {
    }

    private final Function<String, URL> entries;
    private final Map<String, File> cache = new ConcurrentHashMap<>();

    /** @param entries finds an entry of the bundle by its path, e.g. {@code Bundle::getEntry} */
    StaticFiles(Function<String, URL> entries) {
        this.entries = entries;
    }

    /** The file to answer a request for {@code requestPath} with, if there is one. */
    Optional<File> find(String requestPath) {
        return normalize(requestPath).flatMap(path -> {
            File cached = cache.get(path);
            if (cached != null) {
                return Optional.of(cached);
            }
            Optional<File> loaded = load(path);
            loaded.ifPresent(file -> cache.putIfAbsent(path, file));
            return loaded;
        });
    }

    /** How many files are kept in memory. */
    int cached() {
        return cache.size();
    }

    /** The file path a request path stands for, or empty when no file may be served for it. */
    static Optional<String> normalize(String requestPath) {
        if (requestPath == null || requestPath.isEmpty() || requestPath.equals("/") || requestPath.equals(INDEX)) {
            return Optional.of(INDEX);
        }
        if (!requestPath.startsWith(ASSETS) || requestPath.indexOf('\\') >= 0 || requestPath.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        for (String segment : requestPath.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return contentType(requestPath).isPresent() ? Optional.of(requestPath) : Optional.empty();
    }

    static Optional<String> contentType(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash + 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(TYPES.get(path.substring(dot + 1)));
    }

    private Optional<File> load(String path) {
        URL url = entries.apply(ROOT + path);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            byte[] content = in.readAllBytes();
            return Optional.of(new File(path, contentType(path).orElseThrow(), content, etag(content)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " of the web UI", e);
        }
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
