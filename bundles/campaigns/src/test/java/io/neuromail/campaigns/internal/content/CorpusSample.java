package io.neuromail.campaigns.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Real newsletter HTML nobody here wrote: the HTML parts of the "hard ham" messages of the committed
 * SpamAssassin public corpus sample ({@code bench/filters/corpora/spamassassin-sample}, CC0).
 */
final class CorpusSample {

    /** One newsletter's HTML part. */
    record Newsletter(String name, String html) {
        @Override
        public String toString() {
            return name;
        }
    }

    private CorpusSample() {
    }

    static List<Newsletter> newsletters() {
        Path folder = find("bench/filters/corpora/spamassassin-sample/hard_ham");
        List<Newsletter> out = new ArrayList<>();
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    String html = html(new MimeMessage(session, in));
                    if (html != null) {
                        out.add(new Newsletter(file.getFileName().toString(), html));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static String html(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/html")) {
            Object content = part.getContent();
            return content instanceof String s ? s : new String(((InputStream) content).readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String html = html(child);
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    static Path find(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No " + relative + " above " + here);
    }
}
