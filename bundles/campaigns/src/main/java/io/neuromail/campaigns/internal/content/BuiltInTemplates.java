package io.neuromail.campaigns.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The templates NeuroMail ships: responsive single-column e-mails (tables for layout, inline
 * styles plus a head {@code <style>} for small screens) with a preheader, a button and a footer
 * carrying the account's name and postal address, an unsubscribe link and a "view in browser" link,
 * all as merge tags. They are read from {@code io/neuromail/campaigns/templates/}: {@code index.json}
 * lists them, {@code <id>.html} holds each one.
 *
 * <p>Loaded once; thread-safe.
 */
public final class BuiltInTemplates {

    private static final String FOLDER = "/io/neuromail/campaigns/templates/";

    /** One built-in template. */
    public record Template(String id, String name, String description, String subject, String html) {
    }

    private record Entry(String id, String name, String description, String subject) {
    }

    private final List<Template> templates;

    public BuiltInTemplates() {
        List<Entry> entries;
        try (InputStream in = open("index.json")) {
            entries = new ObjectMapper().readValue(in, new TypeReference<List<Entry>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("The built-in template index cannot be read", e);
        }
        templates = entries.stream()
                .map(e -> new Template(e.id(), e.name(), e.description(), e.subject(), read(e.id() + ".html")))
                .toList();
    }

    /** All built-in templates, in the order of the index. */
    public List<Template> list() {
        return templates;
    }

    /** The template with this id. */
    public Optional<Template> find(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = BuiltInTemplates.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("Missing resource " + FOLDER + name);
        }
        return in;
    }

    private static String read(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The built-in template " + name + " cannot be read", e);
        }
    }
}
