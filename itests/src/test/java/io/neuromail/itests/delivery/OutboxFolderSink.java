package io.neuromail.itests.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The outbox sender's folder of one account: one .eml file per message handed to it. */
final class OutboxFolderSink implements Sink {

    private final Path folder;

    OutboxFolderSink(Path folder) {
        this.folder = folder;
    }

    @Override
    public Map<String, Integer> perRecipient() throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return counts;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.eml")) {
            for (Path file : files) {
                counts.merge(to(file), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String to(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.regionMatches(true, 0, "To:", 0, 3)) {
                    return line.substring(3).trim().toLowerCase(Locale.ROOT);
                }
            }
        }
        throw new IOException(file + " has no To header");
    }
}
