package io.neuromail.sender.outbox.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outbox folder: one sub-folder per account, one {@code .eml} file per message. Files appear
 * whole (written to a temporary file, then moved), and names are checked against a strict pattern
 * and resolved inside the account's folder, so no request can reach another file.
 */
public final class Outbox {

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern FILE = Pattern.compile("[0-9]{13}-[A-Za-z0-9-]{1,64}\\.eml");

    private final Path root;

    public Outbox(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    /** Stores a message of {@code accountId}; answers its file name, which is the provider id. */
    public String store(String accountId, String deliveryId, long nowMillis, byte[] mime) throws IOException {
        String name = String.format("%013d-%s.eml", nowMillis, deliveryId);
        if (!FILE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a ledger id: " + deliveryId);
        }
        Path folder = accountFolder(accountId);
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, ".incoming-", ".tmp");
        try {
            Files.write(temp, mime);
            try {
                Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, folder.resolve(name));
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return name;
    }

    /** The account's message files, newest first. */
    public List<Path> list(String accountId) throws IOException {
        Path folder = accountFolder(accountId);
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.eml")) {
            for (Path p : stream) {
                if (FILE.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return files;
    }

    /** The account's message called {@code id}, when the name is valid and the file exists. */
    public Optional<Path> find(String accountId, String id) {
        if (id == null || !FILE.matcher(id).matches()) {
            return Optional.empty();
        }
        Path folder = accountFolder(accountId);
        Path file = folder.resolve(id).normalize();
        if (!file.getParent().equals(folder) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Reads a message. */
    public byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("the message is gone", e);
        }
    }

    private Path accountFolder(String accountId) {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not an account id: " + accountId);
        }
        return root.resolve(accountId);
    }
}
