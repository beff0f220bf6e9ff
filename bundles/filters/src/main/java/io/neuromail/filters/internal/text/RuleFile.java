package io.neuromail.filters.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule data an operator edits: a text file, parsed into {@code T} and parsed again when its
 * modification time or size changes (checked at most once a second, on use), so an edit applies at
 * the next check with no restart. When the file does not exist, the copy shipped in the bundle is
 * used; when a changed file does not parse, the rules loaded before stay in force until it changes again. Lines are trimmed; empty lines and lines starting with {@code #} are dropped before parsing.
 *
 * @param <T> the parsed rules
 */
public final class RuleFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleFile.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path path;
    private final String bundled;
    private final Function<List<String>, T> parser;
    private volatile Loaded<T> loaded;

    private record Loaded<T>(T rules, FileTime modified, long size, long checkedAt) {
    }

    /**
     * @param path    the operator's file
     * @param bundled class-path resource of the shipped copy, used when {@code path} does not exist
     * @param parser  turns the meaningful lines into rules
     */
    public RuleFile(Path path, String bundled, Function<List<String>, T> parser) {
        this.path = path;
        this.bundled = bundled;
        this.parser = parser;
    }

    /**
     * Resolves a configured file name: absolute as is, relative to Karaf's {@code etc/} (the
     * {@code karaf.etc} system property), or to the working directory when not in Karaf.
     */
    public static Path resolve(String configured) {
        Path p = Path.of(configured);
        if (p.isAbsolute()) {
            return p;
        }
        String etc = System.getProperty("karaf.etc");
        return etc == null ? p.toAbsolutePath() : Path.of(etc).resolve(p);
    }

    /** The rules, re-read if the file changed. */
    public T get() {
        Loaded<T> current = loaded;
        long now = System.nanoTime();
        if (current != null && now - current.checkedAt() < CHECK_INTERVAL_NANOS) {
            return current.rules();
        }
        synchronized (this) {
            current = loaded;
            if (current != null && now - current.checkedAt() < CHECK_INTERVAL_NANOS) {
                return current.rules();
            }
            loaded = refresh(current, now);
            return loaded.rules();
        }
    }

    /** Forgets when it last looked, so the next {@link #get()} checks the file at once. */
    public void touch() {
        Loaded<T> current = loaded;
        if (current != null) {
            loaded = new Loaded<>(current.rules(), current.modified(), current.size(), System.nanoTime() - CHECK_INTERVAL_NANOS);
        }
    }

    private Loaded<T> refresh(Loaded<T> current, long now) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (current != null && modified.equals(current.modified()) && size == current.size()) {
                return new Loaded<>(current.rules(), modified, size, now);
            }
            T rules;
            try {
                rules = parser.apply(lines(Files.readAllLines(path, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                if (current == null) {
                    throw e;
                }
                // a file being edited or copied in may not parse yet: keep what was in force, look again on change
                LOG.error("Cannot parse rule file {}; keeping the rules loaded before: {}", path, e.getMessage());
                return new Loaded<>(current.rules(), modified, size, now);
            }
            LOG.info("Loaded content filter rules from {}", path);
            return new Loaded<>(rules, modified, size, now);
        } catch (NoSuchFileException e) {
            if (current != null && current.modified() == null) {
                return new Loaded<>(current.rules(), null, -1, now);
            }
            LOG.warn("Rule file {} does not exist; using the rules shipped with NeuroMail", path);
            return new Loaded<>(parser.apply(lines(readBundled())), null, -1, now);
        } catch (IOException e) {
            if (current == null) {
                throw new UncheckedIOException("Cannot read rule file " + path, e);
            }
            LOG.error("Cannot read rule file {}; keeping the rules loaded before", path, e);
            return new Loaded<>(current.rules(), current.modified(), current.size(), now);
        }
    }

    private List<String> readBundled() {
        try (InputStream in = RuleFile.class.getClassLoader().getResourceAsStream(bundled)) {
            if (in == null) {
                throw new IllegalStateException("Missing bundled rule file " + bundled);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundled rule file " + bundled, e);
        }
    }

    private static List<String> lines(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String line : raw) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }
}
