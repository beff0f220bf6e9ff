package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.RequestBodies;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.AttributeType;
import io.neuromail.contacts.internal.Attributes;
import io.neuromail.contacts.internal.ContactsDatabase;
import io.neuromail.contacts.internal.CsvCells;
import io.neuromail.contacts.internal.ListStore;
import io.neuromail.contacts.internal.Tags;

/**
 * CSV imports: upload (checked and previewed), start with a column mapping, background run with
 * progress, cancel, and the report of rejected rows.
 */
@Component(service = ImportService.class, configurationPid = "io.neuromail.contacts")
@Designate(ocd = ImportConfig.class)
public class ImportService {

    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TARGETS = Set.of("email", "first_name", "last_name", "status", "attribute", "ignore");
    private static final int PREVIEW_ROWS = 5;

    /** Body of {@code POST /contacts/imports/{id}/start}; every field optional. */
    public record StartRequest(String delimiter, String mode, List<ImportSettings.Column> columns, String listId,
                               List<String> tags) {
    }

    /** One rejected row. */
    public record Rejection(long line, String email, String reason) {
    }

    private final Jdbc jdbc;
    private final ListStore lists;
    private final ActivityLog activity;
    private final Path directory;
    private final long maxBytes;
    private final long quotaBytes;
    private final Duration uploadLifetime;
    private final Clock clock;
    private final ExecutorService workers;
    /** Runs {@link #expireStaleUploads()} every {@code cleanupIntervalMinutes}. */
    private final ScheduledExecutorService cleanup;
    private final Map<String, ImportJob> running = new ConcurrentHashMap<>();
    /** Counts imports and rows; one that records nothing until DS sets the component's own. */
    @Reference
    private volatile ImportMetrics metrics = new ImportMetrics();

    @Activate
    public ImportService(@Reference ContactsDatabase database, @Reference ListStore lists, @Reference ActivityLog activity,
                         ImportConfig config) throws IOException {
        this(database.jdbc(), lists, activity, Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")),
                "neuromail", "imports"), config, Clock.systemUTC());
    }

    ImportService(Jdbc jdbc, ListStore lists, ActivityLog activity, Path directory, ImportConfig config, Clock clock)
            throws IOException {
        this.jdbc = jdbc;
        this.lists = lists;
        this.activity = activity;
        this.directory = Files.createDirectories(directory);
        this.maxBytes = config.maxUploadMegabytes() * 1024L * 1024L;
        this.quotaBytes = config.accountUploadQuotaMegabytes() * 1024L * 1024L;
        this.uploadLifetime = Duration.ofHours(config.uploadLifetimeHours());
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "neuromail-import-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        resume();
        long interval = Math.max(1, config.cleanupIntervalMinutes());
        this.cleanup = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neuromail-import-cleanup");
            t.setDaemon(true);
            return t;
        });
        cleanup.scheduleWithFixedDelay(this::cleanUp, interval, interval, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        cleanup.shutdownNow();
        running.values().forEach(ImportJob::shutdown);
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    private String quotaMessage(long waiting) {
        return "the account's uploads that are not imported yet take " + CsvFile.human(waiting) + " of its "
                + CsvFile.human(quotaBytes) + " and this file would pass that; start or cancel waiting imports first";
    }

    /** Refuses an upload whose {@code Content-Length} is over the limit before any of it is read. */
    public void checkDeclaredLength(String contentLength) {
        if (RequestBodies.declaresMoreThan(contentLength, maxBytes)) {
            throw ApiException.payloadTooLarge("the file is larger than the upload limit of " + CsvFile.human(maxBytes));
        }
    }

    /** One scheduled run; a failure is logged and the next run tries again. */
    private void cleanUp() {
        try {
            int expired = expireStaleUploads();
            if (expired > 0) {
                LOG.info("Cancelled {} uploads that were never started and deleted their files", expired);
            }
        } catch (RuntimeException e) {
            LOG.warn("Import clean-up failed; it runs again in the next interval", e);
        }
    }

    /**
     * Cancels the uploads older than {@code uploadLifetimeHours} that were never started and deletes
     * their files, and deletes files that old of imports that are no longer uploaded, queued or running
     * (left behind by a crash). Returns the uploads cancelled.
     */
    int expireStaleUploads() {
        Instant staleBefore = clock.instant().minus(uploadLifetime);
        List<Row> stale = jdbc.tx(c -> Jdbc.list(c, "SELECT * FROM nm_import WHERE state = 'uploaded' AND created_at < ?",
                ImportService::row, staleBefore));
        for (Row row : stale) {
            expire(row);
        }
        Set<String> live = new java.util.HashSet<>(jdbc.tx(c -> Jdbc.list(c, "SELECT id FROM nm_import WHERE state IN"
                + " ('uploaded', 'queued', 'running')", rs -> rs.getString("id"))));
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(".csv"))
                    .filter(f -> !live.contains(f.getFileName().toString().replaceFirst("\\.csv$", "")))
                    .filter(f -> olderThan(f, staleBefore))
                    .forEach(ImportService::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("Could not list {} to delete abandoned uploads: {}", directory, e.getMessage());
        }
        return stale.size();
    }

    private void expire(Row row) {
        jdbc.tx(c -> Jdbc.update(c, "UPDATE nm_import SET state = 'cancelled', phase_message = ?, finished_at = ?"
                + " WHERE account_id = ? AND id = ? AND state = 'uploaded'", "the upload was never started and has expired",
                clock.instant(), row.accountId(), row.id()));
        deleteQuietly(file(row.id()));
        activity.record(Actor.system(row.accountId()).event("contacts.import.expired").detail("importId", row.id())
                .detail("fileName", row.fileName()).build());
    }

    private static boolean olderThan(Path file, Instant moment) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(moment);
        } catch (IOException gone) {
            // Deleted meanwhile (its import finished): nothing left to clean up.
            return false;
        }
    }

    /** Stores and checks an uploaded file; the import waits for {@link #start}. */
    public ImportView upload(Actor actor, String rawName, InputStream body) {
        String name = rawName == null || rawName.isBlank() ? "contacts.csv"
                : rawName.strip().replaceAll("[\\p{Cntrl}/\\\\]", "_");
        if (name.length() > 255) {
            name = name.substring(name.length() - 255);
        }
        String id = UUID.randomUUID().toString();
        Path file = directory.resolve(id + ".csv");
        // The account's files that wait for their import (or are being imported) count against its quota.
        long waiting = jdbc.tx(c -> Jdbc.count(c, "SELECT COALESCE(SUM(file_bytes), 0) FROM nm_import WHERE account_id = ?"
                + " AND state IN ('uploaded', 'queued', 'running')", actor.accountId()));
        long allowed = Math.min(maxBytes, quotaBytes - waiting);
        if (allowed <= 0) {
            throw ApiException.payloadTooLarge(quotaMessage(waiting));
        }
        try {
            long bytes;
            try {
                bytes = CsvFile.store(body, file, allowed);
            } catch (CsvFile.Malformed e) {
                if (e.tooLarge() && allowed < maxBytes) {
                    throw new CsvFile.Malformed(quotaMessage(waiting), true);
                }
                throw e;
            }
            char delimiter = CsvFile.detectDelimiter(file);
            List<List<String>> head = CsvFile.head(file, delimiter, PREVIEW_ROWS);
            if (head.size() < 2) {
                throw new CsvFile.Malformed("the file has a header row but no contacts", false);
            }
            Map<String, AttributeType> defined = jdbc.tx(c -> Attributes.definitions(c, actor.accountId()));
            List<ImportSettings.Column> suggested = ImportSettings.suggest(head.get(0), head.subList(1, head.size()), defined);
            if (suggested.stream().noneMatch(col -> col.target().equals("email"))) {
                throw new CsvFile.Malformed("no column holds email addresses (the header is: " + String.join(", ",
                        head.get(0)) + "); name the column 'email'", false);
            }
            ImportSettings settings = new ImportSettings(String.valueOf(delimiter), ImportSettings.ADD, suggested, null, List.of());
            Instant now = clock.instant();
            String fileName = name;
            jdbc.tx(c -> Jdbc.update(c, "INSERT INTO nm_import (id, account_id, file_name, file_bytes, settings, state,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, 'uploaded', ?)", id, actor.accountId(), fileName, bytes,
                    json(settings), now));
        } catch (CsvFile.Malformed e) {
            deleteQuietly(file);
            if (e.tooLarge()) {
                throw new ApiException(413, "Payload Too Large", e.getMessage());
            }
            throw ApiException.invalid("file", e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            deleteQuietly(file);
            throw ApiException.invalid("file", "the file is not valid CSV: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        activity.record(actor.event("contacts.import.uploaded").detail("importId", id).build());
        return get(actor.accountId(), id);
    }

    /** Starts an uploaded import with the given settings (the suggested ones where a field is missing). */
    public ImportView start(Actor actor, String id, StartRequest request) {
        String accountId = actor.accountId();
        Row row = row(accountId, id);
        if (!row.state().equals("uploaded")) {
            throw ApiException.conflict("the import is " + row.state() + "; only an uploaded file can be started");
        }
        StartRequest r = request == null ? new StartRequest(null, null, null, null, null) : request;
        ApiException.Validation v = ApiException.validation();
        String delimiter = r.delimiter() == null ? row.settings().delimiter()
                : r.delimiter().equals("tab") || r.delimiter().equals("\\t") ? "\t" : r.delimiter();
        v.require(CsvFile.DELIMITERS.contains(delimiter.length() == 1 ? delimiter.charAt(0) : '?'), "delimiter",
                "the delimiter is one of , ; or tab");
        String mode = r.mode() == null ? ImportSettings.ADD : r.mode();
        v.require(mode.equals(ImportSettings.ADD) || mode.equals(ImportSettings.UPSERT), "mode",
                "mode is 'add' (new contacts only) or 'upsert' (add new, update existing)");
        v.require(r.listId() == null || lists.exists(accountId, r.listId()), "listId", "no list with id '" + r.listId() + "'");
        List<String> invalidTags = new ArrayList<>();
        List<String> tags = Tags.cleanAll(r.tags(), invalidTags);
        v.require(invalidTags.isEmpty(), "tags", "tags must be 1 to " + Tags.MAX_LENGTH + " characters without control characters");
        v.throwIfInvalid();
        List<String> header;
        List<ImportSettings.Column> suggested;
        try {
            List<List<String>> head = CsvFile.head(file(id), delimiter.charAt(0), PREVIEW_ROWS);
            header = head.get(0);
            Map<String, AttributeType> defined = jdbc.tx(c -> Attributes.definitions(c, accountId));
            suggested = ImportSettings.suggest(header, head.subList(1, head.size()), defined);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid("delimiter", "the file cannot be read with this delimiter: " + e.getMessage());
        }
        List<ImportSettings.Column> columns = r.columns() == null
                ? suggested : checkColumns(accountId, header, r.columns());
        if (columns.stream().filter(c -> c.target().equals("email")).count() != 1) {
            throw ApiException.invalid("columns", "exactly one column must be mapped to email (the header is: "
                    + String.join(", ", header) + ")");
        }
        ImportSettings settings = new ImportSettings(delimiter, mode, columns, r.listId(), tags);
        int changed = jdbc.tx(c -> Jdbc.update(c, "UPDATE nm_import SET settings = ?, state = 'queued' WHERE account_id = ?"
                + " AND id = ? AND state = 'uploaded'", json(settings), accountId, id));
        if (changed == 0) {
            throw ApiException.conflict("the import has been started already");
        }
        activity.record(actor.event("contacts.import.started").detail("importId", id).detail("mode", mode).build());
        submit(accountId, id, row.fileName(), settings);
        return get(accountId, id);
    }

    private List<ImportSettings.Column> checkColumns(String accountId, List<String> header, List<ImportSettings.Column> given) {
        ApiException.Validation v = ApiException.validation();
        Map<String, AttributeType> defined = jdbc.tx(c -> Attributes.definitions(c, accountId));
        List<ImportSettings.Column> out = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            ImportSettings.Column col = given.get(i);
            String f = "columns[" + i + "]";
            if (col == null) {
                v.reject(f, "a column mapping is required");
                continue;
            }
            if (col.index() < 0 || col.index() >= header.size() || !indexes.add(col.index())) {
                v.reject(f + ".index", "index must name a column of the header (0 to " + (header.size() - 1) + "), each once");
                continue;
            }
            String target = col.target() == null ? "" : col.target();
            if (!TARGETS.contains(target)) {
                v.reject(f + ".target", "target is one of email, first_name, last_name, status, attribute, ignore");
                continue;
            }
            String attribute = null;
            String type = null;
            if (target.equals("attribute")) {
                attribute = col.attribute() == null ? "" : col.attribute().strip();
                if (!AttributeType.NAME.matcher(attribute).matches() || !names.add(attribute)) {
                    v.reject(f + ".attribute", "an attribute name (letters, digits, space, _ - .; at most 100 characters),"
                            + " each once");
                    continue;
                }
                AttributeType t;
                try {
                    t = col.type() == null ? defined.getOrDefault(attribute, AttributeType.TEXT) : AttributeType.fromWire(col.type());
                } catch (IllegalArgumentException e) {
                    v.reject(f + ".type", e.getMessage());
                    continue;
                }
                AttributeType existing = defined.get(attribute);
                if (existing != null && existing != t) {
                    v.reject(f + ".type", "the attribute '" + attribute + "' is a " + existing.wireName() + " attribute");
                    continue;
                }
                type = t.wireName();
            }
            out.add(new ImportSettings.Column(col.index(), header.get(col.index()), target, attribute, type));
        }
        v.throwIfInvalid();
        return out;
    }

    public void cancel(Actor actor, String id) {
        Row row = row(actor.accountId(), id);
        switch (row.state()) {
            case "uploaded", "queued", "running" -> {
                ImportJob job = running.get(id);
                if (job != null) {
                    job.cancel();
                }
                int changed = jdbc.tx(c -> Jdbc.update(c, "UPDATE nm_import SET state = 'cancelled', finished_at = ?"
                        + " WHERE account_id = ? AND id = ? AND state IN ('uploaded', 'queued')", clock.instant(),
                        actor.accountId(), id));
                if (changed > 0) {
                    deleteQuietly(file(id));
                    activity.record(actor.event("contacts.import.cancelled").detail("importId", id).build());
                }
            }
            default -> throw ApiException.conflict("the import is " + row.state() + " and cannot be cancelled");
        }
    }

    public ImportView get(String accountId, String id) {
        return view(row(accountId, id));
    }

    public List<ImportView> list(String accountId) {
        return jdbc.tx(c -> Jdbc.list(c, "SELECT * FROM nm_import WHERE account_id = ? ORDER BY created_at DESC LIMIT 100",
                ImportService::row, accountId)).stream().map(this::view).toList();
    }

    public Page<Rejection> rejections(String accountId, String id, int page, int size) {
        row(accountId, id);
        return jdbc.tx(c -> new Page<>(Jdbc.list(c, "SELECT line, email, reason FROM nm_import_rejection"
                + " WHERE account_id = ? AND import_id = ? ORDER BY line LIMIT ? OFFSET ?",
                rs -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3)), accountId, id, size, (long) page * size),
                Jdbc.count(c, "SELECT COUNT(*) FROM nm_import_rejection WHERE account_id = ? AND import_id = ?", accountId, id),
                page, size));
    }

    /** Writes the rejected rows as CSV (line, email, reason), cells a spreadsheet would run escaped. */
    public void writeRejections(String accountId, String id, OutputStream out) throws IOException {
        row(accountId, id);
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("line,email,reason\r\n");
        int page = 0;
        List<Rejection> batch;
        do {
            int p = page++;
            batch = jdbc.tx(c -> Jdbc.list(c, "SELECT line, email, reason FROM nm_import_rejection WHERE account_id = ?"
                    + " AND import_id = ? ORDER BY line LIMIT 5000 OFFSET ?",
                    rs -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3)), accountId, id, (long) p * 5000));
            for (Rejection r : batch) {
                w.write(r.line() + "," + CsvCells.cell(r.email()) + "," + CsvCells.cell(r.reason()) + "\r\n");
            }
        } while (batch.size() == 5000);
        w.flush();
    }

    // --- running

    private void submit(String accountId, String id, String fileName, ImportSettings settings) {
        ImportJob job = new ImportJob(jdbc, accountId, id, fileName, file(id), settings, clock, this::ended);
        running.put(id, job);
        workers.execute(job);
    }

    private void ended(ImportJob job, String state, String message, long created, long updated, long rejected,
                       long statusChanges) {
        running.remove(job.importId());
        Instant now = clock.instant();
        if (state.equals("queued")) {
            LOG.info("Import {} stops with NeuroMail and runs again at the next start", job.importId());
            return;
        }
        jdbc.tx(c -> state.equals("finished")
                ? Jdbc.update(c, "UPDATE nm_import SET state = ?, phase_message = NULL, bytes_done = file_bytes,"
                        + " created_count = ?, updated_count = ?, rejected_count = ?, finished_at = ? WHERE account_id = ? AND id = ?",
                        state, created, updated, rejected, now, job.accountId(), job.importId())
                : Jdbc.update(c, "UPDATE nm_import SET state = ?, phase_message = ?, finished_at = ? WHERE account_id = ?"
                        + " AND id = ?", state, message, now, job.accountId(), job.importId()));
        deleteQuietly(file(job.importId()));
        metrics.ended(state, created, updated, rejected);
        activity.record(Actor.system(job.accountId()).event("contacts.import." + state).detail("importId", job.importId())
                .detail("created", created).detail("updated", updated).detail("rejected", rejected).build());
        if (statusChanges > 0) {
            activity.record(Actor.system(job.accountId()).event("contacts.status.changed").detail("importId", job.importId())
                    .detail("contacts", statusChanges).detail("source", "import").build());
        }
    }

    /** Imports a stop interrupted run again (nothing of them was applied); stale uploads are removed. */
    private void resume() {
        Instant staleBefore = clock.instant().minus(uploadLifetime);
        List<Row> rows = jdbc.tx(c -> Jdbc.list(c, "SELECT * FROM nm_import WHERE state IN ('queued', 'running')"
                + " OR (state = 'uploaded' AND created_at < ?)", ImportService::row, staleBefore));
        for (Row row : rows) {
            if (row.state().equals("uploaded")) {
                expire(row);
                continue;
            }
            if (!Files.exists(file(row.id()))) {
                jdbc.tx(c -> Jdbc.update(c, "UPDATE nm_import SET state = 'failed', phase_message = ? WHERE account_id = ?"
                        + " AND id = ?", "the uploaded file is gone; nothing was imported", row.accountId(), row.id()));
                continue;
            }
            jdbc.tx(c -> {
                Jdbc.update(c, "DELETE FROM nm_import_rejection WHERE account_id = ? AND import_id = ?", row.accountId(), row.id());
                return Jdbc.update(c, "UPDATE nm_import SET state = 'queued', phase_message = NULL, bytes_done = 0,"
                        + " rows_done = 0, rejected_count = 0 WHERE account_id = ? AND id = ?", row.accountId(), row.id());
            });
            LOG.info("Import {} was interrupted by a stop and runs again", row.id());
            submit(row.accountId(), row.id(), row.fileName(), row.settings());
        }
    }

    // --- rows and views

    record Row(String id, String accountId, String fileName, long fileBytes, ImportSettings settings, String state,
               String phase, long bytesDone, long rowsDone, long created, long updated, long rejected, Instant createdAt,
               Instant startedAt, Instant finishedAt) {
    }

    private Row row(String accountId, String id) {
        return jdbc.tx(c -> Jdbc.one(c, "SELECT * FROM nm_import WHERE account_id = ? AND id = ?", ImportService::row,
                accountId, id)).orElseThrow(() -> ApiException.notFound("import"));
    }

    private static Row row(ResultSet rs) throws SQLException {
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
                Jdbc.instant(rs, "finished_at"));
    }

    private ImportView view(Row r) {
        ImportView.Preview preview = null;
        if (r.state().equals("uploaded")) {
            try {
                List<List<String>> head = CsvFile.head(file(r.id()), r.settings().delimiter().charAt(0), PREVIEW_ROWS);
                preview = new ImportView.Preview(r.settings().delimiter(), head.get(0), head.subList(1, head.size()),
                        r.settings().columns());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot preview import {}: {}", r.id(), e.getMessage());
            }
        }
        boolean active = r.state().equals("running") || r.state().equals("queued");
        String phase = active ? r.phase() : null;
        String message = active ? null : r.phase();
        Instant end = r.finishedAt() != null ? r.finishedAt() : clock.instant();
        double seconds = r.startedAt() == null ? 0 : Math.max(0.001, Duration.between(r.startedAt(), end).toMillis() / 1000.0);
        double rate = seconds == 0 ? 0 : Math.round(r.rowsDone() / seconds * 10) / 10.0;
        double progress = r.fileBytes() == 0 ? 0 : Math.min(1.0, (double) r.bytesDone() / r.fileBytes());
        if (r.state().equals("finished")) {
            progress = 1.0;
        }
        return new ImportView(r.id(), r.fileName(), r.fileBytes(), r.state(), phase, message, progress, r.rowsDone(), rate,
                r.created(), r.updated(), r.rejected(), r.settings(), preview, r.createdAt(), r.startedAt(), r.finishedAt());
    }

    private Path file(String id) {
        return directory.resolve(id + ".csv");
    }

    private static String json(ImportSettings settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
