package io.neuromail.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each guide shows its project's files in full: a line {@code `path`:} followed by a fenced block
 * holds exactly the file {@code <guide>/<path>}, and every file of the project is shown. The
 * invoker builds those files, so what a reader copies from a guide is what the build compiled.
 */
class GuideSnippetsTest {

    private static final Path GUIDES = Path.of(System.getProperty("basedir", "."));

    @ParameterizedTest
    @ValueSource(strings = {"content-filter", "sender"})
    void theGuideShowsExactlyTheFilesOfItsProject(String guide) throws IOException {
        Map<String, String> shown = snippets(Files.readString(GUIDES.resolve(guide + ".md"), StandardCharsets.UTF_8));
        Path project = GUIDES.resolve(guide);
        Set<String> files;
        try (Stream<Path> walk = Files.walk(project)) {
            files = walk.filter(Files::isRegularFile).map(p -> project.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("target/")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertFalse(files.isEmpty(), "the project of " + guide + " has files");
        assertEquals(files, new TreeSet<>(shown.keySet()), "the files " + guide + ".md shows");
        for (String file : files) {
            assertEquals(Files.readString(project.resolve(file), StandardCharsets.UTF_8), shown.get(file),
                    guide + ".md shows " + file + " as it is");
        }
    }

    /** Path to content of each {@code `path`:} line followed by a fenced block. */
    static Map<String, String> snippets(String markdown) {
        Map<String, String> snippets = new LinkedHashMap<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!(line.length() > 3 && line.startsWith("`") && line.endsWith("`:") && line.indexOf('`', 1) == line.length() - 2)) {
                continue;
            }
            String path = line.substring(1, line.length() - 2);
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            assertTrue(open < lines.size() && lines.get(open).startsWith("```"), "a fenced block follows `" + path + "`");
            StringBuilder content = new StringBuilder();
            int j = open + 1;
            while (j < lines.size() && !lines.get(j).equals("```")) {
                content.append(lines.get(j)).append('\n');
                j++;
            }
            assertTrue(j < lines.size(), "the block of `" + path + "` is closed");
            snippets.put(path, content.toString());
            i = j;
        }
        return snippets;
    }
}
