package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.RequestBodies;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.AttributeType;
import io.neuromail.contacts.internal.Attributes;
import io.neuromail.contacts.internal.ContactsDatabase;

/**
 * The upload of an import: the file is stored within the upload limit and the account's quota,
 * checked and previewed with a suggested column mapping; it then waits for its start. Uploads never
 * started are cancelled and their files deleted once {@code uploadLifetimeHours} old, at start and
 * every {@code cleanupIntervalMinutes}.
 */
@Component(service = ImportUploads.class, configurationPid = ImportConfig.PID)
public class ImportUploads {

    private static final Logger LOG = LoggerFactory.getLogger(ImportUploads.class);
    static final int PREVIEW_ROWS = 5;

    private final ImportStore store;
    private final ActivityLog activity;
    private final long maxBytes;
    private final long quotaBytes;
    private final Duration uploadLifetime;
    private final Clock clock;
    /** Runs {@link #expireStaleUploads()} every {@code cleanupIntervalMinutes}. */
    private final ScheduledExecutorService cleanup;

    @Activate
    public ImportUploads(@Reference ContactsDatabase database, @Reference ActivityLog activity, ImportConfig config)
            throws IOException {
        this(new ImportStore(database.jdbc(), ImportStore.defaultDirectory()), activity, config, Clock.systemUTC());
    }

    ImportUploads(ImportStore store, ActivityLog activity, ImportConfig config, Clock clock) {
        this.store = store;
        this.activity = activity;
        this.maxBytes = config.maxUploadMegabytes() * 1024L * 1024L;
        this.quotaBytes = config.accountUploadQuotaMegabytes() * 1024L * 1024L;
        this.uploadLifetime = Duration.ofHours(config.uploadLifetimeHours());
        this.clock = clock;
        long interval = Math.max(1, config.cleanupIntervalMinutes());
        this.cleanup = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neuromail-import-cleanup");
            t.setDaemon(true);
            return t;
        });
        expireStaleUploads();
        cleanup.scheduleWithFixedDelay(this::cleanUp, interval, interval, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        cleanup.shutdownNow();
    }

    private String quotaMessage(long waiting) {
        return "the account's uploads that are not imported yet take " + RequestBodies.human(waiting) + " of its "
                + RequestBodies.human(quotaBytes) + " and this file would pass that; start or cancel waiting imports first";
    }

    /** Refuses an upload whose {@code Content-Length} is over the limit before any of it is read. */
    public void checkDeclaredLength(String contentLength) {
        if (RequestBodies.declaresMoreThan(contentLength, maxBytes)) {
            throw ApiException.payloadTooLarge("the file is larger than the upload limit of " + RequestBodies.human(maxBytes));
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
        List<ImportStore.Row> stale = store.staleUploads(staleBefore);
        for (ImportStore.Row row : stale) {
            if (store.expireUpload(row.accountId(), row.id(), "the upload was never started and has expired",
                    clock.instant())) {
                activity.record(Actor.system(row.accountId()).event("contacts.import.expired").detail("importId", row.id())
                        .detail("fileName", row.fileName()).build());
            }
            ImportStore.deleteQuietly(store.file(row.id()));
        }
        Set<String> live = new HashSet<>(store.liveIds());
        try (java.util.stream.Stream<Path> files = Files.list(store.directory())) {
            files.filter(f -> f.getFileName().toString().endsWith(".csv"))
                    .filter(f -> !live.contains(f.getFileName().toString().replaceFirst("\\.csv$", "")))
                    .filter(f -> olderThan(f, staleBefore))
                    .forEach(ImportStore::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("Could not list {} to delete abandoned uploads: {}", store.directory(), e.getMessage());
        }
        return stale.size();
    }

    private static boolean olderThan(Path file, Instant moment) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(moment);
        } catch (IOException gone) {
            // Deleted meanwhile (its import finished): nothing left to clean up.
            return false;
        }
    }

    /** Stores and checks an uploaded file; the import waits for {@link ImportScheduler#start}. */
    public ImportView upload(Actor actor, String rawName, InputStream body) {
        String name = rawName == null || rawName.isBlank() ? "contacts.csv"
                : rawName.strip().replaceAll("[\\p{Cntrl}/\\\\]", "_");
        if (name.length() > 255) {
            name = name.substring(name.length() - 255);
        }
        String id = UUID.randomUUID().toString();
        Path file = store.file(id);
        // The account's files that wait for their import (or are being imported) count against its quota.
        long waiting = store.waitingBytes(actor.accountId());
        long allowed = Math.min(maxBytes, quotaBytes - waiting);
        if (allowed <= 0) {
            throw ApiException.payloadTooLarge(quotaMessage(waiting));
        }
        Jdbc jdbc = store.jdbc();
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
            Map<String, AttributeType> defined = jdbc.inAccount(actor.accountId(), c -> Attributes.definitions(c, actor.accountId()));
            List<ImportSettings.Column> suggested = ImportSettings.suggest(head.get(0), head.subList(1, head.size()), defined);
            if (suggested.stream().noneMatch(col -> col.target().equals("email"))) {
                throw new CsvFile.Malformed("no column holds email addresses (the header is: " + String.join(", ",
                        head.get(0)) + "); name the column 'email'", false);
            }
            ImportSettings settings = new ImportSettings(String.valueOf(delimiter), ImportSettings.ADD, suggested, null, List.of());
            store.insertUpload(actor.accountId(), id, name, bytes, settings, clock.instant());
        } catch (CsvFile.Malformed e) {
            ImportStore.deleteQuietly(file);
            if (e.tooLarge()) {
                throw new ApiException(413, "Payload Too Large", e.getMessage());
            }
            throw ApiException.invalid("file", e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            ImportStore.deleteQuietly(file);
            throw ApiException.invalid("file", "the file is not valid CSV: " + e.getMessage());
        } catch (RuntimeException e) {
            ImportStore.deleteQuietly(file);
            throw e;
        }
        activity.record(actor.event("contacts.import.uploaded").detail("importId", id).build());
        return ImportViews.view(store.row(actor.accountId(), id), store, clock);
    }
}
