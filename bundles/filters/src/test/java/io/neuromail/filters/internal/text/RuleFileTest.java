package io.neuromail.filters.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileTest {

    @TempDir
    Path dir;

    @Test
    void rereadsTheFileWhenItChanges() throws Exception {
        Path file = dir.resolve("rules.txt");
        Files.writeString(file, "# comment\n\n one \n");
        RuleFile<List<String>> rules = new RuleFile<>(file, "io/neuromail/filters/rules/brands.txt", l -> l);
        assertEquals(List.of("one"), rules.get());
        Files.writeString(file, "one\ntwo\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        rules.touch();
        assertEquals(List.of("one", "two"), rules.get());
    }

    @Test
    void keepsTheRulesInForceWhenAChangedFileDoesNotParse() throws Exception {
        Path file = dir.resolve("rules.txt");
        Files.writeString(file, "2 free\n");
        RuleFile<WeightedPhrases> rules = new RuleFile<>(file, "io/neuromail/filters/rules/spam-words.txt", WeightedPhrases::parse);
        WeightedPhrases before = rules.get();
        Files.writeString(file, "2 free\nnot a rule\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        rules.touch();
        assertSame(before, rules.get());
        Files.writeString(file, "2 free\n3 cash\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        rules.touch();
        assertNotSame(before, rules.get());
    }

    @Test
    void usesTheShippedCopyWhenTheFileIsMissing() {
        RuleFile<List<String>> rules = new RuleFile<>(dir.resolve("absent.txt"), "io/neuromail/filters/rules/brands.txt", l -> l);
        assertTrue(rules.get().stream().anyMatch(l -> l.startsWith("paypal ")));
    }

    @Test
    void aMalformedRuleLineNamesTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightedPhrases.parse(List.of("x free")));
        assertTrue(e.getMessage().contains("x free"));
        assertThrows(IllegalArgumentException.class, () -> WeightedPhrases.parse(List.of("1 /(unclosed/")));
    }

    @Test
    void relativePathsResolveUnderKarafEtc() {
        String before = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", dir.toString());
        try {
            assertEquals(dir.resolve("neuromail/filters/x.txt"), RuleFile.resolve("neuromail/filters/x.txt"));
            assertEquals(Path.of("/abs/x.txt"), RuleFile.resolve("/abs/x.txt"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }
}
