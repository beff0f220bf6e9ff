package io.neuromail.itests.filters;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.neuromail.itests.support.Console;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;

/** The operator's Karaf shell commands {@code neuromail:filters}, {@code neuromail:check} and {@code neuromail:classifier-train}. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ShellCommandsIT extends NeuroMailTestSupport {

    @Inject
    private SessionFactory sessionFactory;

    private String run(String command) throws Exception {
        return Console.run(sessionFactory, command);
    }

    @Test
    public void listsTheFiltersWithTheirBundles() throws Exception {
        String listing = Poll.until("the filter commands", Duration.ofSeconds(30), () -> {
            try {
                return run("neuromail:filters");
            } catch (Exception e) {
                return "failed: " + e;
            }
        }, s -> s.contains("phishing"));
        for (String expected : new String[] {"spam", "links", "phishing", "adult", "classifier", "io.neuromail.filters", "Ranking"}) {
            assertTrue(expected + " in\n" + listing, listing.contains(expected));
        }
    }

    @Test
    public void checksAFile() throws Exception {
        Path file = Files.createTempFile("neuromail-check", ".html");
        Files.writeString(file, "<p>Claim your prize: <a href=\"http://192.168.1.7/win\">here</a></p>");
        String output = run("neuromail:check --subject \"YOU HAVE WON\" " + file);
        assertTrue(output, output.contains("spam.all-caps-subject"));
        assertTrue(output, output.contains("links.ip-host"));
        assertTrue(output, output.startsWith("WARN") || output.startsWith("BLOCK"));
    }

    @Test
    public void checksARawMessage() throws Exception {
        Path file = Files.createTempFile("neuromail-check", ".eml");
        Files.writeString(file, Emls.spam(), StandardCharsets.ISO_8859_1);
        String output = run("neuromail:check " + file);
        assertTrue(output, output.contains("spam.phrase"));
        assertTrue(output, output.startsWith("WARN") || output.startsWith("BLOCK"));
        Files.writeString(file, "no headers at all\r\n", StandardCharsets.ISO_8859_1);
        String refused = run("neuromail:check " + file);
        assertTrue(refused, refused.contains("No message headers found"));
    }

    @Test
    public void trainsTheClassifierFromFoldersOfRawMessages() throws Exception {
        Path root = Files.createTempDirectory("neuromail-train");
        Path spam = Files.createDirectory(root.resolve("spam"));
        Path ham = Files.createDirectory(root.resolve("ham"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(spam.resolve(i + ".eml"), Emls.spam(), StandardCharsets.ISO_8859_1);
            Files.writeString(ham.resolve(i + ".eml"), Emls.newsletter(), StandardCharsets.ISO_8859_1);
        }
        Files.writeString(ham.resolve("broken.eml"), "no headers at all\r\n", StandardCharsets.ISO_8859_1);
        Path model = root.resolve("model.txt");
        String output = run("neuromail:classifier-train --out " + model + " " + spam + " " + ham);
        assertTrue(output, output.contains("Read 3 spam (0 unreadable skipped) and 3 legitimate messages (1 unreadable skipped)"));
        assertTrue(output, output.contains("Wrote " + model));
        String written = Files.readString(model, StandardCharsets.UTF_8);
        assertTrue(written, written.contains("neuromail-classifier 1\n@messages 3 3\n"));
        assertTrue(written, written.contains("\nlibrary 0 3\n"));
    }
}
