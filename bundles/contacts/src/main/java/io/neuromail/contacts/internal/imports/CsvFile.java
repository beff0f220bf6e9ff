package io.neuromail.contacts.internal.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.neuromail.api.rest.RequestBodies;

/**
 * An uploaded CSV file: stored as UTF-8 without byte-order mark, checked to be valid UTF-8 and no
 * larger than the limit while it is received, so a malformed file is refused before anything is
 * imported. Reading it back gives records with the line each one starts on.
 */
public final class CsvFile {

    /** Delimiters that are detected. */
    public static final List<Character> DELIMITERS = List.of(',', ';', '\t');

    /**
     * The longest record (a line, or several when a quoted field holds line breaks) a file may have,
     * in characters: a longer one refuses the file at upload, so no later read of it builds a
     * record or a field larger than this.
     */
    public static final int MAX_RECORD_CHARS = 1024 * 1024;

    /** The longest field a row may have, in characters; a row with a longer one is rejected. */
    public static final int MAX_FIELD_CHARS = 10_000;

    /** A file that cannot be imported, with a message for the user. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean tooLarge;

        public Malformed(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private CsvFile() {
    }

    /**
     * Copies {@code in} to {@code target}, dropping a UTF-8 byte-order mark.
     *
     * @return the number of bytes stored
     * @throws Malformed when the content is not UTF-8, is empty, or exceeds {@code maxBytes}
     */
    public static long store(InputStream in, Path target, long maxBytes) throws IOException, Malformed {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[64 * 1024];
        ByteBuffer pending = ByteBuffer.allocate(chunk.length + 8);
        CharBuffer chars = CharBuffer.allocate(chunk.length + 8);
        long total = 0;
        long stored = 0;
        long line = 1;
        boolean first = true;
        boolean content = false;
        Records records = new Records();
        try (InputStream input = new BufferedInputStream(in); OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = input.readNBytes(chunk, 0, chunk.length)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new Malformed("the file is larger than the upload limit of " + RequestBodies.human(maxBytes), true);
                }
                int start = 0;
                if (first) {
                    first = false;
                    if (n >= 3 && (chunk[0] & 0xFF) == 0xEF && (chunk[1] & 0xFF) == 0xBB && (chunk[2] & 0xFF) == 0xBF) {
                        start = 3;
                    }
                }
                pending.put(chunk, start, n - start).flip();
                chars.clear();
                CoderResult result = decoder.decode(pending, chars, false);
                if (result.isError()) {
                    line += countLines(chars.flip());
                    throw new Malformed("the file is not valid UTF-8 text: line " + line + " holds a byte sequence"
                            + " that is not UTF-8 (save the file as \"CSV UTF-8\" and upload it again)", false);
                }
                chars.flip();
                records.scan(chars, line);
                line += countLines(chars);
                content |= hasContent(chars);
                out.write(chunk, start, n - start);
                stored += n - start;
                pending.compact();
            }
            pending.flip();
            chars.clear();
            if (decoder.decode(pending, chars, true).isError() || pending.hasRemaining() || decoder.flush(chars).isError()) {
                throw new Malformed("the file is not valid UTF-8 text: it ends in the middle of a character", false);
            }
        }
        if (!content) {
            throw new Malformed("the file is empty", false);
        }
        return stored;
    }

    /** The delimiter the header line uses most (outside quotes): comma, semicolon or tab. */
    public static char detectDelimiter(Path file) throws IOException {
        String header;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            boolean quoted = false;
            int ch;
            while ((ch = r.read()) != -1) {
                if (ch == '"') {
                    quoted = !quoted;
                } else if ((ch == '\n' || ch == '\r') && !quoted) {
                    if (sb.toString().isBlank()) {
                        sb.setLength(0);
                        continue;
                    }
                    break;
                } else if (!quoted) {
                    sb.append((char) ch);
                }
                if (sb.length() > MAX_RECORD_CHARS) {
                    break;
                }
            }
            header = sb.toString();
        }
        char best = ',';
        long bestCount = 0;
        for (char d : DELIMITERS) {
            long count = header.chars().filter(c -> c == d).count();
            if (count > bestCount) {
                best = d;
                bestCount = count;
            }
        }
        return best;
    }

    /** The CSV dialect NeuroMail reads: RFC 4180 quoting, any line ends, empty lines skipped. */
    public static CSVFormat format(char delimiter) {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    }

    /** The lines of a file (a last line without its line break counts too): a bound on its records. */
    public static long lines(Path file) throws IOException {
        long lines = 0;
        boolean open = false;
        byte[] buffer = new byte[1 << 16];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        open = false;
                    } else {
                        open = true;
                    }
                }
            }
        }
        return open ? lines + 1 : lines;
    }

    /** The header and up to {@code rows} records after it. */
    public static List<List<String>> head(Path file, char delimiter, int rows) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(r).setFormat(format(delimiter)).get()) {
            for (CSVRecord record : parser) {
                out.add(record.toList());
                if (out.size() > rows) {
                    break;
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    /**
     * Follows record boundaries as commons-csv reads them (a quote opens a quoted field only at the
     * start of a field; two quotes in one are one; line breaks inside it belong to the record) and
     * refuses a record longer than {@link #MAX_RECORD_CHARS}. Any detected delimiter starts a field,
     * since the file's own is not known yet.
     */
    private static final class Records {
        private boolean quoted;
        private boolean quotePending;
        private boolean fieldStart = true;
        private long length;
        private long startLine = 1;

        void scan(CharBuffer chars, long firstLine) throws Malformed {
            long line = firstLine;
            for (int i = chars.position(); i < chars.limit(); i++) {
                char c = chars.get(i);
                if (length == 0) {
                    startLine = line;
                }
                if (c == '\n') {
                    line++;
                }
                if (quoted) {
                    if (quotePending) {
                        quotePending = false;
                        if (c != '"') {
                            quoted = false;
                        }
                    } else if (c == '"') {
                        quotePending = true;
                    }
                }
                if (!quoted) {
                    if ((c == '\n' || c == '\r')) {
                        length = 0;
                        fieldStart = true;
                        continue;
                    }
                    if (c == '"' && fieldStart) {
                        quoted = true;
                    }
                    fieldStart = DELIMITERS.contains(c);
                }
                if (++length > MAX_RECORD_CHARS) {
                    throw new Malformed("the record starting on line " + startLine + " is longer than " + MAX_RECORD_CHARS
                            + " characters" + (quoted ? " (a quoted field is never closed)" : ""), false);
                }
            }
        }
    }

    private static long countLines(CharBuffer chars) {
        long n = 0;
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (chars.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean hasContent(CharBuffer chars) {
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (!Character.isWhitespace(chars.get(i))) {
                return true;
            }
        }
        return false;
    }
}
