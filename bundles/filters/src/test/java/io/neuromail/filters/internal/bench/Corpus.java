package io.neuromail.filters.internal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.neuromail.filter.api.Email;

/**
 * The labelled corpus in {@code bench/filters/corpus/<label>/*.msg}: a {@code Subject:} and a
 * {@code From:} line, a blank line, the HTML part, and optionally {@code --text--} and the text part.
 */
final class Corpus {

    /** One labelled message. */
    record Sample(String label, String name, Email email) {
        boolean bad() {
            return !label.equals("ham");
        }
    }

    private Corpus() {
    }

    static Path directory() {
        return find("bench/filters/corpus");
    }

    /** A directory of the sources, found from the working directory upwards. */
    static Path find(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path corpus = p.resolve(relative);
            if (Files.isDirectory(corpus)) {
                return corpus;
            }
        }
        throw new IllegalStateException("No " + relative + " above " + here);
    }

    static List<Sample> load() {
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".msg")).sorted().toList()) {
                samples.add(new Sample(file.getParent().getFileName().toString(), file.getFileName().toString(), parse(Files.readString(file, StandardCharsets.UTF_8))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    static Email parse(String content) {
        int blank = content.indexOf("\n\n");
        String subject = "";
        String from = null;
        for (String line : content.substring(0, blank).split("\n")) {
            if (line.startsWith("Subject: ")) {
                subject = line.substring(9);
            } else if (line.startsWith("From: ")) {
                from = line.substring(6);
            }
        }
        String body = content.substring(blank + 2);
        int textAt = body.indexOf("\n--text--\n");
        String html = textAt < 0 ? body : body.substring(0, textAt);
        String text = textAt < 0 ? null : body.substring(textAt + 10).strip();
        return new Email(subject, from, null, html.strip(), text, Map.of());
    }
}
