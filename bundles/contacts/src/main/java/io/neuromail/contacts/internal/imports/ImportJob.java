package io.neuromail.contacts.internal.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.internal.AttributeType;
import io.neuromail.contacts.internal.Attributes;
import io.neuromail.contacts.internal.BulkStatement;
import io.neuromail.contacts.internal.ContactStore;
import io.neuromail.contacts.internal.ListStore;
import io.neuromail.contacts.internal.SuppressionStore;

/**
 * Runs one import: reads the file once (validating every row, reporting rejected ones with their
 * line, staging the valid ones), then applies the staged rows in ONE transaction of set-based
 * statements. Until that transaction commits no contact has changed, so a cancel, a failure or a
 * restart leaves the address book as it was.
 */
final class ImportJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportJob.class);
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    private static final long ANALYZE_AFTER_ROWS = 10_000;

    /** The state a job ends in when another node took its import over; nothing is written for it. */
    static final String LOST = "lost";

    /** What the job reports back to the scheduler when it ends. */
    interface Listener {
        void ended(ImportJob job, String state, String message, long created, long updated, long rejected,
                   long statusChanges);
    }

    private final Jdbc jdbc;
    private final String accountId;
    private final String importId;
    private final String fileName;
    private final Path file;
    private final ImportSettings settings;
    private final Clock clock;
    private final Listener listener;
    /** The node running the job, which must still hold the import's lease when it applies. */
    private final String node;
    private final Duration lease;
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile boolean shuttingDown;
    private volatile boolean lost;

    ImportJob(Jdbc jdbc, String accountId, String importId, String fileName, Path file, ImportSettings settings,
              Clock clock, String node, Duration lease, Listener listener) {
        this.jdbc = jdbc;
        this.accountId = accountId;
        this.importId = importId;
        this.fileName = fileName;
        this.file = file;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.node = node;
        this.lease = lease;
    }

    String accountId() {
        return accountId;
    }

    String importId() {
        return importId;
    }

    /** Stops the job; nothing it did is kept. */
    void cancel() {
        cancelled = true;
        cancelStatement();
    }

    /** Stops the job because NeuroMail stops; it runs again at the next start. */
    void shutdown() {
        shuttingDown = true;
        cancel();
    }

    /**
     * Stops the job because another node took its import over; nothing it did is kept, nothing is
     * written. A job cancelled already (its lease ended with the cancel) stays a cancelled one.
     */
    void lose() {
        if (!cancelled) {
            lost = true;
        }
        cancel();
    }

    private String stoppedState() {
        return lost ? LOST : shuttingDown ? "queued" : "cancelled";
    }

    private void cancelStatement() {
        Statement s = running.get();
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException e) {
                LOG.warn("Could not cancel the running statement of import {}: {}", importId, e.getMessage());
            }
        }
    }

    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public void run() {
        Instant started = clock.instant();
        try {
            int claimed = jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET state = 'running', phase_message = 'reading',"
                    + " started_at = ?, lease_until = ? WHERE account_id = ? AND id = ? AND state = 'queued' AND owner = ?",
                    started, started.plus(lease), accountId, importId, node));
            if (claimed == 0) {
                // Cancelled while it waited for a worker; or, after a missed renewal, taken over by another node,
                // whose import this node must leave alone.
                lost = !cancelled;
                throw new Stopped();
            }
            long[] read = read();
            checkStopped();
            progress("applying " + read[0] + " rows", read[1], read[2], read[3]);
            if (jdbc.postgres()) {
                // Freshly copied rows have no statistics yet; without them the planner picks nested loops.
                // ANALYZE is the tables' owner's: the login role's, not the account role's.
                jdbc.system(c -> run(c, "ANALYZE nm_import_row, nm_import_value"));
            }
            long[] applied = apply();
            if (jdbc.postgres() && read[0] >= ANALYZE_AFTER_ROWS) {
                // A large import changes the tables' shape: refresh the statistics so segment counts
                // are planned for it now, not when autovacuum gets round to it.
                jdbc.system(c -> run(c, "ANALYZE nm_contact, nm_contact_attribute, nm_contact_tag, nm_list_member"));
            }
            listener.ended(this, "finished", null, applied[0], applied[1], applied[2], applied[3]);
        } catch (Stopped e) {
            listener.ended(this, stoppedState(), null, 0, 0, 0, 0);
        } catch (Exception | Error e) {
            if (cancelled) {
                listener.ended(this, stoppedState(), null, 0, 0, 0, 0);
            } else {
                LOG.error("Import {} failed", importId, e);
                listener.ended(this, "failed", "the import failed and changed nothing: "
                        + (e instanceof IOException ? e.getMessage() : "an internal error occurred; the server log has details"),
                        0, 0, 0, 0);
            }
        } finally {
            cleanStaging();
        }
    }

    private void checkStopped() throws Stopped {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new Stopped();
        }
    }

    /** Reads and stages the file. Returns {valid rows, bytes read, rows read, rejected}. */
    private long[] read() throws IOException, SQLException, Stopped {
        List<ImportSettings.Column> columns = settings.columns();
        int emailColumn = -1;
        int first = -1;
        int last = -1;
        int status = -1;
        List<ImportSettings.Column> attributes = new ArrayList<>();
        for (ImportSettings.Column col : columns) {
            switch (col.target()) {
                case "email" -> emailColumn = col.index();
                case "first_name" -> first = col.index();
                case "last_name" -> last = col.index();
                case "status" -> status = col.index();
                case "attribute" -> attributes.add(col);
                default -> {
                }
            }
        }
        AttributeType[] types = attributes.stream().map(a -> AttributeType.fromWire(a.type())).toArray(AttributeType[]::new);
        long valid = 0;
        long rows = 0;
        long rejected = 0;
        long lastProgress = System.nanoTime();
        List<Object[]> rejections = new ArrayList<>();
        CountingStream counted = new CountingStream(Files.newInputStream(file));
        try (Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader)
                     .setFormat(CsvFile.format(settings.delimiter().charAt(0))).get();
             Stager stager = jdbc.postgres() ? new CopyStager(jdbc.dataSource(), importId)
                     : new BatchStager(jdbc.dataSource(), importId)) {
            long lineAfterPrevious = 0;
            boolean header = true;
            for (CSVRecord record : parser) {
                long line = lineAfterPrevious + 1;
                lineAfterPrevious = parser.getCurrentLineNumber();
                if (header) {
                    header = false;
                    continue;
                }
                rows++;
                String rawEmail = cell(record, emailColumn);
                String problem = null;
                String email = EmailAddress.normalize(rawEmail).orElse(null);
                int longField = longestField(record);
                if (record.size() > columns.size()) {
                    problem = "the row has " + record.size() + " fields but the header has " + columns.size();
                } else if (longField >= 0) {
                    problem = "field " + (longField + 1) + " is longer than " + CsvFile.MAX_FIELD_CHARS + " characters";
                } else if (email == null) {
                    problem = rawEmail == null || rawEmail.isBlank() ? "email is empty" : "invalid email address";
                }
                String firstName = blank(cell(record, first));
                String lastName = blank(cell(record, last));
                String statusValue = blank(cell(record, status));
                if (problem == null && firstName != null && firstName.length() > 200) {
                    problem = "first name longer than 200 characters";
                }
                if (problem == null && lastName != null && lastName.length() > 200) {
                    problem = "last name longer than 200 characters";
                }
                if (problem == null && statusValue != null) {
                    try {
                        statusValue = ContactStatus.fromWire(statusValue).wireName();
                    } catch (IllegalArgumentException e) {
                        problem = "column '" + columns.get(status).header() + "': " + e.getMessage();
                    }
                }
                Object[] values = new Object[attributes.size()];
                for (int i = 0; problem == null && i < attributes.size(); i++) {
                    String raw = cell(record, attributes.get(i).index());
                    if (raw != null && !raw.isBlank()) {
                        try {
                            values[i] = types[i].parse(raw);
                        } catch (IllegalArgumentException e) {
                            problem = "column '" + attributes.get(i).header() + "': " + e.getMessage()
                                    + " (the attribute '" + attributes.get(i).attribute() + "' is " + types[i].wireName() + ")";
                        }
                    }
                }
                if (problem != null) {
                    rejected++;
                    rejections.add(new Object[] {line, truncate(rawEmail), problem});
                } else {
                    valid++;
                    stager.row(line, email, EmailAddress.hash(email), UUID.randomUUID().toString(), firstName, lastName,
                            statusValue);
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] != null) {
                            stager.value(line, attributes.get(i).attribute(), types[i].column(), values[i]);
                        }
                    }
                }
                if (rejections.size() >= 1000) {
                    writeRejections(rejections);
                }
                long now = System.nanoTime();
                if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                    checkStopped();
                    writeRejections(rejections);
                    progress("reading", counted.count, rows, rejected);
                    lastProgress = now;
                }
            }
            checkStopped();
            stager.finish();
            writeRejections(rejections);
        } catch (java.io.UncheckedIOException e) {
            throw new IOException("the file could not be read as CSV: " + e.getCause().getMessage(), e);
        }
        return new long[] {valid, counted.count, rows, rejected};
    }

    private static String cell(CSVRecord record, int index) {
        return index >= 0 && index < record.size() ? record.get(index) : null;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private void writeRejections(List<Object[]> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        jdbc.inAccount(accountId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nm_import_rejection (account_id, import_id, line,"
                    + " email, reason) VALUES (?, ?, ?, ?, ?)")) {
                for (Object[] r : rejections) {
                    Jdbc.bind(ps, accountId, importId, r[0], r[1], r[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        rejections.clear();
    }

    private void progress(String phase, long bytes, long rows, long rejected) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_import SET phase_message = ?, bytes_done = ?, rows_done = ?,"
                + " rejected_count = ? WHERE account_id = ? AND id = ?", phase, bytes, rows, rejected, accountId, importId));
    }

    /** The index of the first field longer than {@link CsvFile#MAX_FIELD_CHARS}, or -1. */
    private static int longestField(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i).length() > CsvFile.MAX_FIELD_CHARS) {
                return i;
            }
        }
        return -1;
    }

    /** Applies the staged rows in one transaction. Returns {created, updated, rejected in total, status changes}. */
    private long[] apply() {
        Instant now = clock.instant();
        boolean add = ImportSettings.ADD.equals(settings.mode());
        String consent = ("import: " + fileName).length() > 200 ? ("import: " + fileName).substring(0, 200) : "import: " + fileName;
        return jdbc.inAccount(accountId, c -> {
            // Still this node's import? Renewed in this transaction, the lease cannot pass to another node before
            // the commit; had it passed already, this run stops and changes nothing.
            if (!ImportStore.renewLease(c, accountId, importId, node, clock.instant().plus(lease))) {
                lost = true;
                cancelled = true;
                throw new SQLException("import " + importId + " was taken over by another node");
            }
            for (ImportSettings.Column col : settings.columns()) {
                if (col.target().equals("attribute")) {
                    Attributes.define(c, accountId, col.attribute(),
                            AttributeType.fromWire(col.type()), now);
                }
            }
            // Later lines with the address of an earlier one.
            run(c, "INSERT INTO nm_import_rejection (account_id, import_id, line, email, reason)"
                    + " SELECT ?, r.import_id, r.line, r.email, CONCAT('duplicate in file (first at line ', CAST(f.first_line AS VARCHAR(20)), ')')"
                    + " FROM nm_import_row r JOIN (SELECT email, MIN(line) AS first_line FROM nm_import_row WHERE import_id = ?"
                    + " GROUP BY email HAVING COUNT(*) > 1) f ON f.email = r.email WHERE r.import_id = ? AND r.line > f.first_line",
                    accountId, importId, importId);
            dropRejected(c);
            if (jdbc.postgres()) {
                run(c, "UPDATE nm_import_row r SET contact_id = c.id FROM nm_contact c WHERE r.import_id = ?"
                        + " AND c.account_id = ? AND c.email = r.email", importId, accountId);
            } else {
                run(c, "UPDATE nm_import_row SET contact_id = (SELECT c.id FROM nm_contact c WHERE c.account_id = ?"
                        + " AND c.email = nm_import_row.email) WHERE import_id = ?", accountId, importId);
            }
            // Suppressed addresses (unsubscribed, bounced, complained, erased, manual) never come back as new contacts.
            run(c, "INSERT INTO nm_import_rejection (account_id, import_id, line, email, reason)"
                    + " SELECT ?, r.import_id, r.line, r.email, CONCAT('the address is on the suppression list (', s.reason, ')')"
                    + " FROM nm_import_row r JOIN nm_suppression s ON s.account_id = ? AND s.email_hash = r.email_hash"
                    + " WHERE r.import_id = ? AND r.contact_id IS NULL", accountId, accountId, importId);
            if (add) {
                run(c, "INSERT INTO nm_import_rejection (account_id, import_id, line, email, reason)"
                        + " SELECT ?, import_id, line, email, 'already a contact (mode: add new contacts only)'"
                        + " FROM nm_import_row WHERE import_id = ? AND contact_id IS NOT NULL", accountId, importId);
            }
            dropRejected(c);
            long updated = Jdbc.count(c, "SELECT COUNT(*) FROM nm_import_row WHERE import_id = ? AND contact_id IS NOT NULL",
                    importId);
            long created = Jdbc.count(c, "SELECT COUNT(*) FROM nm_import_row WHERE import_id = ? AND contact_id IS NULL",
                    importId);
            // Every write below goes through the store that owns its table, as one set-based statement.
            ContactStore.countImported(c, jdbc.postgres(), accountId, importId, created, now);
            long statusChanges = run(c, ContactStore.recordImportedStatusChanges(accountId, importId, consent, now,
                    jdbc.postgres()));
            run(c, SuppressionStore.suppressImported(accountId, importId, now));
            if (!add && updated > 0) {
                run(c, ContactStore.updateImported(accountId, importId, now));
            }
            run(c, ContactStore.insertImported(accountId, importId, consent, now));
            run(c, Attributes.writeImported(accountId, importId, !add && updated > 0));
            for (String tag : settings.tags()) {
                run(c, ContactStore.tagImported(accountId, importId, tag));
            }
            if (settings.listId() != null) {
                run(c, ListStore.addImported(accountId, settings.listId(), importId, now));
            }
            long rejected = Jdbc.count(c, "SELECT COUNT(*) FROM nm_import_rejection WHERE account_id = ? AND import_id = ?",
                    accountId, importId);
            return new long[] {created, add ? 0 : updated, rejected, statusChanges};
        });
    }

    private void dropRejected(Connection c) throws SQLException {
        run(c, "DELETE FROM nm_import_row WHERE import_id = ? AND EXISTS (SELECT 1 FROM nm_import_rejection j"
                + " WHERE j.account_id = ? AND j.import_id = nm_import_row.import_id AND j.line = nm_import_row.line)",
                importId, accountId);
    }

    /** Runs a store's bulk statement so that {@link #cancel()} can interrupt it. */
    private long run(Connection c, BulkStatement statement) throws SQLException {
        return run(c, statement.sql(), statement.params());
    }

    /** Runs one statement so that {@link #cancel()} can interrupt it. */
    private long run(Connection c, String sql, Object... params) throws SQLException {
        if (cancelled) {
            throw new SQLException("import cancelled");
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            running.set(ps);
            try {
                if (cancelled) {
                    throw new SQLException("import cancelled");
                }
                return ps.executeUpdate();
            } finally {
                running.set(null);
            }
        }
    }

    private void cleanStaging() {
        try {
            jdbc.inAccount(accountId, c -> {
                Jdbc.update(c, "DELETE FROM nm_import_value WHERE import_id = ?", importId);
                return Jdbc.update(c, "DELETE FROM nm_import_row WHERE import_id = ?", importId);
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not clean the staging rows of import {}: {}", importId, e.getMessage());
        }
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
