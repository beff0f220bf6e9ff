package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.CsvCells;
import io.neuromail.api.rest.Page;
import io.neuromail.contacts.internal.ContactsDatabase;

/** What a client sees of imports: one with its progress and preview, the newest ones, their rejected rows. */
@Component(service = ImportViews.class)
public class ImportViews {

    private static final Logger LOG = LoggerFactory.getLogger(ImportViews.class);
    private static final int LISTED = 100;
    private static final int CSV_BATCH = 5000;

    /** One rejected row. */
    public record Rejection(long line, String email, String reason) {
    }

    private final ImportStore store;
    private final Clock clock;

    @Activate
    public ImportViews(@Reference ContactsDatabase database) throws IOException {
        this(new ImportStore(database.jdbc(), ImportStore.defaultDirectory()), Clock.systemUTC());
    }

    ImportViews(ImportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ImportView get(String accountId, String id) {
        return view(store.row(accountId, id), store, clock);
    }

    /** The account's newest imports, at most 100. */
    public List<ImportView> list(String accountId) {
        return store.newest(accountId, LISTED).stream().map(r -> view(r, store, clock)).toList();
    }

    public Page<Rejection> rejections(String accountId, String id, int page, int size) {
        store.row(accountId, id);
        return store.jdbc().inAccount(accountId, c -> new Page<>(Jdbc.list(c, "SELECT line, email, reason FROM nm_import_rejection"
                + " WHERE account_id = ? AND import_id = ? ORDER BY line LIMIT ? OFFSET ?",
                rs -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3)), accountId, id, size, (long) page * size),
                Jdbc.count(c, "SELECT COUNT(*) FROM nm_import_rejection WHERE account_id = ? AND import_id = ?", accountId, id),
                page, size));
    }

    /** Writes the rejected rows as CSV (line, email, reason), cells a spreadsheet would run escaped. */
    public void writeRejections(String accountId, String id, OutputStream out) throws IOException {
        store.row(accountId, id);
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("line,email,reason\r\n");
        int page = 0;
        List<Rejection> batch;
        do {
            int p = page++;
            batch = store.jdbc().inAccount(accountId, c -> Jdbc.list(c, "SELECT line, email, reason FROM nm_import_rejection"
                    + " WHERE account_id = ? AND import_id = ? ORDER BY line LIMIT ? OFFSET ?",
                    rs -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3)), accountId, id, CSV_BATCH,
                    (long) p * CSV_BATCH));
            for (Rejection r : batch) {
                w.write(r.line() + "," + CsvCells.cell(r.email()) + "," + CsvCells.cell(r.reason()) + "\r\n");
            }
        } while (batch.size() == CSV_BATCH);
        w.flush();
    }

    /** The client's view of a stored import: progress, rate, counts, and the preview while it waits for its start. */
    static ImportView view(ImportStore.Row r, ImportStore store, Clock clock) {
        ImportView.Preview preview = null;
        if (r.state().equals("uploaded")) {
            try {
                List<List<String>> head = CsvFile.head(store.file(r.id()), r.settings().delimiter().charAt(0),
                        ImportUploads.PREVIEW_ROWS);
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
}
