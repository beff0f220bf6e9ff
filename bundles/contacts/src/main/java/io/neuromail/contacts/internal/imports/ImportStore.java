package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;

/**
 * The imports' own records: the rows of {@code nm_import} and {@code nm_import_rejection} and the
 * uploaded files under the node's import folder. Uploads, scheduling, views and the contact store's
 * erasure change these rows only through here; every statement binds the account.
 */
public final class ImportStore {

    private static final Logger LOG = LoggerFactory.getLogger(ImportStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An import as stored. {@code owner} is the node running it while its {@code leaseUntil} lasts. */
    record Row(String id, String accountId, String fileName, long fileBytes, ImportSettings settings, String state,
               String phase, long bytesDone, long rowsDone, long created, long updated, long rejected, Instant createdAt,
               Instant startedAt, Instant finishedAt, String owner, Instant leaseUntil) {
    }

    private final Jdbc jdbc;
    private final Path directory;

    ImportStore(Jdbc jdbc, Path directory) throws IOException {
        this.jdbc = jdbc;
        this.directory = Files.createDirectories(directory);
    }

    /** Where a node keeps its uploads: {@code data/neuromail/imports} of the Karaf instance. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "neuromail", "imports");
    }

    Jdbc jdbc() {
        return jdbc;
    }

    Path directory() {
        return directory;
    }

    Path file(String id) {
        return directory.resolve(id + ".csv");
    }

    Row row(String accountId, String id) {
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT * FROM nm_import WHERE account_id = ? AND id = ?", ImportStore::row,
                accountId, id)).orElseThrow(() -> ApiException.notFound("import"));
    }

    List<Row> newest(String accountId, int limit) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT * FROM nm_import WHERE account_id = ? ORDER BY created_at DESC LIMIT ?",
                ImportStore::row, accountId, limit));
    }

    /** Bytes of the account's files that wait for their import or are being imported. */
    long waitingBytes(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.count(c, "SELECT COALESCE(SUM(file_bytes), 0) FROM nm_import WHERE account_id = ?"
                + " AND state IN ('uploaded', 'queued', 'running')", accountId));
    }

    void insertUpload(String accountId, String id, String fileName, long bytes, ImportSettings settings, Instant now) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "INSERT INTO nm_import (id, account_id, file_name, file_bytes, settings, state,"
                + " created_at) VALUES (?, ?, ?, ?, ?, 'uploaded', ?)", id, accountId, fileName, bytes, json(settings), now));
    }

    /** Uploads never started that were made before {@code before}, of every account (the clean-up's). */
    List<Row> staleUploads(Instant before) {
        return jdbc.system(c -> Jdbc.list(c, "SELECT * FROM nm_import WHERE state = 'uploaded' AND created_at < ?",
                ImportStore::row, before));
    }

    /** The ids whose files must stay: uploaded, queued or running imports of every account. */
    List<String> liveIds() {
        return jdbc.system(c -> Jdbc.list(c, "SELECT id FROM nm_import WHERE state IN ('uploaded', 'queued', 'running')",
                rs -> rs.getString("id")));
    }

    boolean expireUpload(String accountId, String id, String message, Instant now) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = 'cancelled', phase_message = ?, finished_at = ?"
                + " WHERE account_id = ? AND id = ? AND state = 'uploaded'", message, now, accountId, id)) > 0;
    }

    /** Queues an uploaded import for {@code owner}, its lease running until {@code leaseUntil}. */
    boolean queue(String accountId, String id, ImportSettings settings, String owner, Instant leaseUntil) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET settings = ?, state = 'queued', owner = ?, lease_until = ?"
                + " WHERE account_id = ? AND id = ? AND state = 'uploaded'", json(settings), owner, leaseUntil,
                accountId, id)) > 0;
    }

    /** Cancels an import that has not started reading yet. */
    boolean cancelWaiting(String accountId, String id, Instant now) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = 'cancelled', finished_at = ?"
                + " WHERE account_id = ? AND id = ? AND state IN ('uploaded', 'queued')", now, accountId, id)) > 0;
    }

    /**
     * Cancels an import another node is running; that node stops it when it next renews its lease, and
     * its last transaction fails the same check, so nothing of it is applied.
     */
    boolean cancelElsewhere(String accountId, String id, String node, Instant now) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = 'cancelled', finished_at = ?, lease_until = NULL"
                + " WHERE account_id = ? AND id = ? AND state = 'running' AND owner <> ?", now, accountId, id, node)) > 0;
    }

    void finish(String accountId, String id, long created, long updated, long rejected, Instant now) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = 'finished', phase_message = NULL, bytes_done = file_bytes,"
                + " created_count = ?, updated_count = ?, rejected_count = ?, finished_at = ?, lease_until = NULL"
                + " WHERE account_id = ? AND id = ?", created, updated, rejected, now, accountId, id));
    }

    void end(String accountId, String id, String state, String message, Instant now) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = ?, phase_message = ?, finished_at = ?, lease_until = NULL"
                + " WHERE account_id = ? AND id = ?", state, message, now, accountId, id));
    }

    /**
     * Imports that are queued or running with no live lease, of every account: their node stopped
     * (its lease was released or ran out) and nothing of them was applied.
     */
    List<Row> orphaned(Instant now) {
        return jdbc.system(c -> Jdbc.list(c, "SELECT * FROM nm_import WHERE state IN ('queued', 'running')"
                + " AND (lease_until IS NULL OR lease_until < ?)", ImportStore::row, now));
    }

    /**
     * Takes an orphaned import over for {@code owner} and queues it again from the start, its
     * rejections of the interrupted run forgotten. Of two nodes trying at once one wins: the update
     * holds only while the lease is still free.
     */
    boolean takeOver(String accountId, String id, String owner, Instant now, Instant leaseUntil) {
        return jdbc.inAccount(accountId, c -> {
            int taken = Jdbc.update(c, "UPDATE nm_import SET state = 'queued', phase_message = NULL, bytes_done = 0,"
                    + " rows_done = 0, rejected_count = 0, owner = ?, lease_until = ? WHERE account_id = ? AND id = ?"
                    + " AND state IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < ?)",
                    owner, leaseUntil, accountId, id, now);
            if (taken == 1) {
                Jdbc.update(c, "DELETE FROM nm_import_rejection WHERE account_id = ? AND import_id = ?", accountId, id);
            }
            return taken == 1;
        });
    }

    /** Renews the lease of an import {@code owner} holds; false when it holds it no more. */
    boolean renewLease(String accountId, String id, String owner, Instant leaseUntil) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET lease_until = ? WHERE account_id = ? AND id = ?"
                + " AND owner = ? AND state IN ('queued', 'running')", leaseUntil, accountId, id, owner)) > 0;
    }

    /** Renews the lease within the apply transaction; false when another node took the import over. */
    static boolean renewLease(Connection c, String accountId, String id, String owner, Instant leaseUntil)
            throws SQLException {
        return Jdbc.update(c, "UPDATE nm_import SET lease_until = ? WHERE account_id = ? AND id = ? AND owner = ?"
                + " AND state = 'running'", leaseUntil, accountId, id, owner) > 0;
    }

    /** Gives up the lease at a stop, so that the next node to look takes the import over at once. */
    void releaseLease(String accountId, String id, String owner) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = 'queued', lease_until = NULL WHERE account_id = ?"
                + " AND id = ? AND owner = ? AND state IN ('queued', 'running')", accountId, id, owner));
    }

    /**
     * Forgets the rejected rows that name an address (a contact's erasure), in the caller's
     * transaction.
     */
    public static void forgetRejections(Connection c, String accountId, String normalizedEmail) throws SQLException {
        Jdbc.update(c, "DELETE FROM nm_import_rejection WHERE account_id = ? AND LOWER(email) = ?",
                accountId, normalizedEmail.toLowerCase(Locale.ROOT));
    }

    static Row row(ResultSet rs) throws SQLException {
        ImportSettings settings;
        try {
            settings = JSON.readValue(rs.getString("settings"), ImportSettings.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable settings of import " + rs.getString("id"), e);
        }
        return new Row(rs.getString("id"), rs.getString("account_id"), rs.getString("file_name"), rs.getLong("file_bytes"),
                settings, rs.getString("state"), rs.getString("phase_message"), rs.getLong("bytes_done"),
                rs.getLong("rows_done"), rs.getLong("created_count"), rs.getLong("updated_count"),
                rs.getLong("rejected_count"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "finished_at"), rs.getString("owner"), Jdbc.instant(rs, "lease_until"));
    }

    private static String json(ImportSettings settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
