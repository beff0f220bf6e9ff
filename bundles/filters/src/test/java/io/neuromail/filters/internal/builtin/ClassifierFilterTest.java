package io.neuromail.filters.internal.builtin;

import static io.neuromail.filters.internal.Messages.FOOTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Part;
import io.neuromail.filter.api.Severity;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.Messages;
import io.neuromail.filters.internal.classifier.SpamModel;
import io.neuromail.filters.internal.classifier.Tokens;
import io.neuromail.filters.internal.classifier.Trainer;

class ClassifierFilterTest {

    @TempDir
    Path dir;

    /** The filter with {@code config}; the toy models here know a few words, so any count of known words will do. */
    private static ClassifierFilter filter(Map<String, Object> config) {
        Map<String, Object> withMinimum = new java.util.HashMap<>(Map.of("minKnownWords", 0));
        withMinimum.putAll(config);
        ClassifierFilter filter = new ClassifierFilter();
        filter.configure(Configs.of(ClassifierFilter.Config.class, withMinimum));
        return filter;
    }

    @Test
    void aMessageOfAFewWordsIsTooShortToWarnAbout() throws Exception {
        Path file = dir.resolve("model.txt");
        model("jackpot", "minutes").save(file, List.of());
        ClassifierFilter shipped = new ClassifierFilter();
        shipped.configure(Configs.of(ClassifierFilter.Config.class, Map.of("modelFile", file.toString(),
                "minKnownWords", 10)));
        List<Finding> findings = shipped.check(Messages.html("Your Jackpot", "<p>Claim the JACKPOT today, common sense.</p>"));
        assertEquals(List.of("classifier.too-short"), findings.stream().map(Finding::ruleId).toList());
        assertEquals(Severity.INFO, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("3 words it knows"), findings.get(0).message());

        // The shipped model and defaults: a receipt of a few words is not warned about.
        ClassifierFilter defaults = new ClassifierFilter();
        defaults.configure(Configs.of(ClassifierFilter.Config.class, Map.of()));
        assertTrue(defaults.check(Messages.html("Your order \u2116 42", "<p>Thank you.</p>")).stream()
                .noneMatch(f -> f.severity() == Severity.WARN));
    }

    /** A model where "jackpot" means spam and "minutes" legitimate mail (or the other way round). */
    private static SpamModel model(String spammy, String legitimate) {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spam.add(Set.of(spammy, "s:" + spammy, "common"));
            ham.add(Set.of(legitimate, "s:" + legitimate, "common"));
        }
        return Trainer.count(spam, ham, null);
    }

    @Test
    void warnsAboutLikelySpamWithTheWordsThatWeighMostAndNeverBlocks() throws Exception {
        Path file = dir.resolve("model.txt");
        model("jackpot", "minutes").save(file, List.of());
        ClassifierFilter filter = filter(Map.of("modelFile", file.toString()));

        List<Finding> findings = filter.check(Messages.html("Your Jackpot", "<p>Claim the JACKPOT today, common sense.</p>" + FOOTER));
        assertEquals("classifier.spam", findings.get(0).ruleId());
        assertEquals(Severity.WARN, findings.get(0).severity());
        assertEquals(0, findings.get(0).score(), "the classifier adds nothing to the score");
        assertTrue(findings.get(0).message().contains("%"), findings.get(0).message());
        List<String> tokens = findings.stream().filter(f -> f.ruleId().equals("classifier.token")).map(f -> f.location().match()).toList();
        assertEquals(List.of("JACKPOT", "Jackpot"), tokens.stream().sorted().toList(), "each token located as the reader sees it");
        Finding inSubject = findings.stream().filter(f -> f.location().part() == Part.SUBJECT).findFirst().orElseThrow();
        assertEquals("Jackpot", inSubject.location().match());
        assertTrue(findings.stream().noneMatch(f -> f.severity() == Severity.BLOCK));

        assertEquals(List.of(), filter.check(Messages.html("Minutes", "<p>The minutes of the meeting.</p>" + FOOTER)));
    }

    @Test
    void reportsWithoutWarningBetweenTheTwoProbabilities() throws Exception {
        Path file = dir.resolve("model.txt");
        model("jackpot", "minutes").save(file, List.of());
        ClassifierFilter filter = filter(Map.of("modelFile", file.toString(), "warnProbability", 0.999999, "reportProbability", 0.5));
        List<Finding> findings = filter.check(Messages.text("Hello", "jackpot"));
        assertEquals("classifier.likely-spam", findings.get(0).ruleId());
        assertEquals(Severity.INFO, findings.get(0).severity());
    }

    @Test
    void aReplacedModelFileIsPickedUpWithoutRestart() throws Exception {
        Path file = dir.resolve("model.txt");
        model("jackpot", "minutes").save(file, List.of());
        ClassifierFilter filter = filter(Map.of("modelFile", file.toString()));
        Message message = Messages.text("Minutes", "the minutes");
        assertEquals(List.of(), filter.check(message));

        model("minutes", "jackpot").save(file, List.of());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<Finding> findings = filter.check(message);
        while (findings.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            findings = filter.check(message);
        }
        assertEquals("classifier.spam", findings.get(0).ruleId(), "the new model rates the message spam");
    }

    @Test
    void theShippedModelIsUsedWhenTheFileIsMissingAndJudgesPlainCases() throws Exception {
        ClassifierFilter filter = filter(Map.of("modelFile", dir.resolve("absent.txt").toString()));
        List<Finding> spam = filter.check(Messages.html("Make money fast!!! Guaranteed",
                "<p>Dear friend, you have been selected. Earn $5000 weekly from home, no experience needed. "
                        + "Click here to order now, limited time offer, 100% free, remove yourself from this mailing list.</p>"));
        assertEquals("classifier.spam", spam.get(0).ruleId(), spam.toString());
        List<Finding> ham = filter.check(Messages.text("Re: patch for the build script",
                "Thanks, I applied your patch to the build script and ran the tests again; two of them still fail on my machine. "
                        + "Could you check whether the config file path is right? I will be at the meeting tomorrow."));
        assertEquals(List.of(), ham);
    }

    @Test
    void theInputIsBounded() throws Exception {
        StringBuilder huge = new StringBuilder();
        for (int i = 0; huge.length() < 2_000_000; i++) {
            huge.append("w").append(Integer.toString(i, 36)).append(' ');
        }
        Message message = Messages.text("Subject", huge.toString());
        Set<String> tokens = Tokens.of(message);
        assertEquals(Tokens.MAX_TOKENS, tokens.size());
        String oneWord = "x".repeat(1_000_000);
        assertEquals(Set.of("s:subject"), Tokens.of(Messages.text("Subject", oneWord)), "a word longer than " + Tokens.MAX_WORD + " is no token");

        ClassifierFilter filter = filter(Map.of("modelFile", dir.resolve("absent.txt").toString()));
        filter.check(message);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        filter.check(message);
        filter.check(Messages.text("Subject", oneWord));
        long millis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
        assertTrue(millis < 500, "2 MB of text took " + millis + " ms of CPU");
    }
}
