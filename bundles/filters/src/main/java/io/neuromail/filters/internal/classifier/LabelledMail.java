package io.neuromail.filters.internal.classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.neuromail.filters.internal.message.MessageAnalyzer;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.mime.MalformedMessageException;

/**
 * A folder of raw messages of one label (spam or legitimate) for training: every regular file
 * directly in it, in name order, read with {@link EmlReader} and analysed like a checked message.
 * A message that cannot be read is skipped and counted, as is a file over {@value #MAX_FILE_BYTES}
 * bytes; at most {@value #MAX_FILES} files are read.
 *
 * @param tokens  the distinct tokens of each message read
 * @param skipped how many files were skipped
 */
public record LabelledMail(List<Set<String>> tokens, int skipped) {

    /** Largest message read, as the check API accepts. */
    public static final int MAX_FILE_BYTES = 5 * 1024 * 1024;
    /** Files read from one folder at most. */
    public static final int MAX_FILES = 200_000;

    /** Reads the files of {@code dir} whose name {@code include} accepts. */
    public static LabelledMail read(Path dir, Predicate<String> include) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Not a folder: " + dir);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).filter(f -> include.test(f.getFileName().toString()))
                    .sorted().limit(MAX_FILES).toList();
        }
        List<Set<String>> tokens = new ArrayList<>(files.size());
        int skipped = 0;
        for (Path file : files) {
            if (Files.size(file) > MAX_FILE_BYTES) {
                skipped++;
                continue;
            }
            try {
                tokens.add(Tokens.of(MessageAnalyzer.analyze(EmlReader.read(Files.readAllBytes(file)).email())));
            } catch (MalformedMessageException e) {
                skipped++;
            }
        }
        return new LabelledMail(tokens, skipped);
    }
}
