package io.neuromail.filters.internal.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainClassifierCommandTest {

    @TempDir
    Path dir;

    private Path folder(String name, int count, String subject, String body) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(name));
        for (int i = 0; i < count; i++) {
            Files.writeString(folder.resolve(i + ".eml"), "From: sender@example.org\r\nSubject: " + subject + " " + i
                    + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + " item" + i + "\r\n", StandardCharsets.UTF_8);
        }
        return folder;
    }

    private TrainClassifierCommand command(Path model) throws Exception {
        TrainClassifierCommand command = new TrainClassifierCommand();
        command.spamDir = folder("spam", 3, "Jackpot", "claim your jackpot prize now").toString();
        command.hamDir = folder("ham", 3, "Minutes", "the minutes of the meeting").toString();
        command.out = model.toString();
        return command;
    }

    @Test
    void newslettersGivenApartCountTheirWeightInTheModel() throws Exception {
        Path model = dir.resolve("model.txt");
        TrainClassifierCommand command = command(model);
        command.newslettersDir = folder("newsletters", 2, "Autumn sale", "our autumn sale and the new catalogue").toString();
        command.newsletterWeight = 4;
        command.execute();
        String written = Files.readString(model, StandardCharsets.UTF_8);
        assertTrue(written.contains("\n@messages 3 11\n"), "3 legitimate messages and 2 newsletters counted 4 times each:\n" + written);
        assertTrue(written.contains("\ncatalogue 0 8\n"), written);
        assertTrue(written.contains("--newsletter-weight 4"), written);
    }

    @Test
    void withoutNewslettersEachMessageCountsOnce() throws Exception {
        Path model = dir.resolve("model.txt");
        command(model).execute();
        String written = Files.readString(model, StandardCharsets.UTF_8);
        assertTrue(written.contains("\n@messages 3 3\n"), written);
        assertFalse(written.contains("newsletter"), written);
    }

    @Test
    void aWeightOutOfRangeWritesNoModel() throws Exception {
        Path model = dir.resolve("model.txt");
        TrainClassifierCommand command = command(model);
        command.newslettersDir = folder("newsletters", 2, "Autumn sale", "our autumn sale").toString();
        command.newsletterWeight = 0;
        command.execute();
        assertFalse(Files.exists(model));
    }
}
