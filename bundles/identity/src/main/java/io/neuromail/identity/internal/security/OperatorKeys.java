package io.neuromail.identity.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The operator's 32-byte keys kept in files under Karaf's {@code etc/} (the two-factor key, the
 * activity checkpoint key): Base64 on one line, made on first start when the file is missing,
 * readable by the owner only.
 */
public final class OperatorKeys {

    public static final int KEY_BYTES = 32;

    private OperatorKeys() {
    }

    /** A key read from its file, or made because there was none. */
    public record Loaded(byte[] key, boolean created) {
    }

    /**
     * Reads the key from {@code file} (its Base64 on one line; text after it is ignored), or, when
     * the file does not exist, makes a new random key and writes it there, readable by the owner only.
     *
     * @param what the key's name in messages, e.g. "two-factor key"
     */
    public static Loaded readOrCreate(Path file, String what) {
        try {
            if (!Files.exists(file)) {
                byte[] key = Secrets.randomBytes(KEY_BYTES);
                if (writeNew(file, key)) {
                    return new Loaded(key, true);
                }
            }
            return new Loaded(parse(Files.readString(file, StandardCharsets.US_ASCII), file, what), false);
        } catch (IOException e) {
            throw new IllegalStateException("the " + what + " file " + file + " cannot be read or made", e);
        }
    }

    /** A key given as Base64 text; {@code where} and {@code what} only go into the messages. */
    public static byte[] parse(String text, Object where, String what) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the " + what + " in " + where + " is not Base64");
        }
        if (key.length != KEY_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalStateException("the " + what + " in " + where + " must be " + KEY_BYTES
                    + " bytes (44 characters of Base64), e.g. from 'openssl rand -base64 32'");
        }
        return key;
    }

    /** Absolute as is; relative to Karaf's etc/ (or the working directory outside Karaf). */
    public static Path resolve(String configured, String fallback) {
        String name = configured == null || configured.isBlank() ? fallback : configured.strip();
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        String etc = System.getProperty("karaf.etc");
        return etc == null ? p.toAbsolutePath() : Path.of(etc).resolve(p);
    }

    /** False when another process made the file first (then that one is read). */
    private static boolean writeNew(Path file, byte[] key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String text = Base64.getEncoder().encodeToString(key) + "\n";
        try {
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException race) {
            return false;
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        return true;
    }
}
