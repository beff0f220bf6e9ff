package io.neuromail.contacts.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.Page;
import io.neuromail.contacts.api.Suppressions;
import io.neuromail.contacts.internal.Views.BulkResult;
import io.neuromail.contacts.internal.Views.ItemResult;
import io.neuromail.contacts.internal.Views.SuppressionView;

/**
 * The suppression list, and the only code that writes to its table ({@code nm_suppression}): as the
 * account manages it (browse, add by hand, import a list of addresses, remove manual entries), as
 * other bundles ask it ({@link Suppressions}), and inside the transactions of contacts and imports
 * whose status changes put addresses here or lift them (the static methods that take a connection).
 */
@Component(service = {SuppressionStore.class, Suppressions.class})
public class SuppressionStore implements Suppressions {

    /** Most addresses one suppression import takes. */
    public static final int MAX_IMPORT_LINES = 100_000;

    /** Largest suppression import file: room for {@link #MAX_IMPORT_LINES} lines of a full-length address and more. */
    public static final long MAX_IMPORT_BYTES = 32L * 1024 * 1024;

    private final Jdbc jdbc;
    private final ActivityLog activity;
    private final Clock clock;

    @Activate
    public SuppressionStore(@Reference ContactsDatabase database, @Reference ActivityLog activity) {
        this(database.jdbc(), activity, Clock.systemUTC());
    }

    SuppressionStore(Jdbc jdbc, ActivityLog activity, Clock clock) {
        this.jdbc = jdbc;
        this.activity = activity;
        this.clock = clock;
    }

    public Page<SuppressionView> page(String accountId, String search, int page, int size) {
        String where = " FROM nm_suppression WHERE account_id = ?";
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (search != null && !search.isBlank()) {
            where += " AND email LIKE ? ESCAPE '!'";
            params.add("%" + search.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        String w = where;
        return jdbc.inAccount(accountId, c -> {
            long total = Jdbc.count(c, "SELECT COUNT(*)" + w, params.toArray());
            List<Object> p = new ArrayList<>(params);
            p.add(size);
            p.add((long) page * size);
            return new Page<>(Jdbc.list(c, "SELECT email_hash, email, reason, source, created_at" + w
                    + " ORDER BY created_at DESC, email_hash LIMIT ? OFFSET ?", rs -> new SuppressionView(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Jdbc.instant(rs, "created_at")), p.toArray()), total, page, size);
        });
    }

    public SuppressionView add(Actor actor, String rawEmail) {
        String email = EmailAddress.normalize(rawEmail).orElseThrow(() -> ApiException.invalid("email",
                rawEmail == null || rawEmail.isBlank() ? "email is required" : "'" + rawEmail + "' is not a valid email address"));
        Instant now = clock.instant();
        jdbc.inAccount(actor.accountId(), c -> {
            addManual(c, actor.accountId(), email, now);
            return null;
        });
        activity.record(actor.event("contacts.suppression.added").detail("count", 1).build());
        return jdbc.inAccount(actor.accountId(), c -> Jdbc.one(c, "SELECT email_hash, email, reason, source, created_at FROM nm_suppression"
                + " WHERE account_id = ? AND email_hash = ?", rs -> new SuppressionView(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), Jdbc.instant(rs, "created_at")),
                actor.accountId(), EmailAddress.hash(email))).orElseThrow();
    }

    /**
     * Adds every address of a text file: one per line, or the first column of a CSV (a header line
     * that is not an address is skipped and reported). Each line's outcome is reported.
     */
    public BulkResult importAddresses(Actor actor, Reader text) {
        List<ItemResult> results = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(text)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (number > MAX_IMPORT_LINES) {
                    throw ApiException.invalid("file", "at most " + MAX_IMPORT_LINES + " lines per suppression import");
                }
                String cell = line.split("[,;\t]", 2)[0].strip();
                if (cell.length() > 1 && cell.startsWith("\"") && cell.endsWith("\"")) {
                    cell = cell.substring(1, cell.length() - 1);
                }
                if (cell.isEmpty()) {
                    continue;
                }
                String label = "line " + number;
                String email = EmailAddress.normalize(cell).orElse(null);
                if (email == null) {
                    results.add(new ItemResult(label, false, "'" + cell + "' is not a valid email address"));
                } else {
                    valid.add(email);
                    results.add(new ItemResult(label, true, null));
                }
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the file could not be read: " + e.getMessage());
        }
        if (results.isEmpty()) {
            throw ApiException.invalid("file", "the file holds no address");
        }
        Instant now = clock.instant();
        jdbc.inAccount(actor.accountId(), c -> {
            for (String email : valid) {
                addManual(c, actor.accountId(), email, now);
            }
            return null;
        });
        int ok = valid.size();
        activity.record(actor.event("contacts.suppression.imported").detail("count", ok).build());
        return new BulkResult(ok, results.size() - ok, results);
    }

    /** Removes a manually added entry; others end with the reason that made them. */
    public void remove(Actor actor, String id) {
        jdbc.inAccount(actor.accountId(), c -> {
            String reason = Jdbc.one(c, "SELECT reason FROM nm_suppression WHERE account_id = ? AND email_hash = ?",
                    rs -> rs.getString(1), actor.accountId(), id).orElseThrow(() -> ApiException.notFound("suppression"));
            if (!reason.equals("manual")) {
                throw ApiException.conflict("only manually added addresses can be removed; this one is " + reason
                        + (reason.equals("unsubscribed") ? " (it ends when the contact subscribes again)" : ""));
            }
            return Jdbc.update(c, "DELETE FROM nm_suppression WHERE account_id = ? AND email_hash = ?", actor.accountId(), id);
        });
        activity.record(actor.event("contacts.suppression.removed").build());
    }

    private static void addManual(Connection c, String accountId, String email, Instant now) throws SQLException {
        if (!isSuppressed(c, accountId, email)) {
            suppress(c, accountId, email, "manual", "api", now);
        }
    }

    // --- the Suppressions service

    @Override
    public boolean isSuppressed(String accountId, String email) {
        Optional<String> normalized = EmailAddress.normalize(email);
        return normalized.isPresent() && jdbc.inAccount(accountId, c -> isSuppressed(c, accountId, normalized.get()));
    }

    @Override
    public Set<String> suppressed(String accountId, Collection<String> emails) {
        if (emails.size() > Suppressions.MAX_BATCH) {
            throw new IllegalArgumentException("at most " + Suppressions.MAX_BATCH + " addresses per look-up");
        }
        // The hash of each valid address, and which given addresses have it.
        Map<String, List<String>> byHash = new HashMap<>();
        for (String email : emails) {
            EmailAddress.normalize(email).ifPresent(n -> byHash.computeIfAbsent(EmailAddress.hash(n),
                    h -> new ArrayList<>()).add(email));
        }
        if (byHash.isEmpty()) {
            return Set.of();
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        return jdbc.inAccount(accountId, c -> {
            Set<String> out = new HashSet<>();
            // Bound parameters in chunks: the statement text never holds an address.
            for (int from = 0; from < hashes.size(); from += 200) {
                List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + 200));
                List<Object> params = new ArrayList<>(chunk.size() + 1);
                params.add(accountId);
                params.addAll(chunk);
                for (String hash : Jdbc.list(c, "SELECT email_hash FROM nm_suppression WHERE account_id = ?"
                        + " AND email_hash IN (" + Jdbc.marks(chunk.size()) + ")", rs -> rs.getString(1), params.toArray())) {
                    out.addAll(byHash.get(hash));
                }
            }
            return out;
        });
    }

    // --- inside the transactions of contacts and imports

    static boolean isSuppressed(Connection c, String accountId, String normalizedEmail) throws SQLException {
        return Jdbc.count(c, "SELECT COUNT(*) FROM nm_suppression WHERE account_id = ? AND email_hash = ?",
                accountId, EmailAddress.hash(normalizedEmail)) > 0;
    }

    /** Puts an address on the suppression list (or updates why it is there; an erasure stays one). */
    static void suppress(Connection c, String accountId, String normalizedEmail, String reason, String source, Instant now)
            throws SQLException {
        String hash = EmailAddress.hash(normalizedEmail);
        if (Jdbc.update(c, "UPDATE nm_suppression SET reason = ?, source = ? WHERE account_id = ? AND email_hash = ?"
                + " AND reason <> 'erased'", reason, source, accountId, hash) == 0
                && Jdbc.count(c, "SELECT COUNT(*) FROM nm_suppression WHERE account_id = ? AND email_hash = ?", accountId, hash) == 0) {
            Jdbc.update(c, "INSERT INTO nm_suppression (account_id, email_hash, email, reason, source, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", accountId, hash, normalizedEmail.toLowerCase(Locale.ROOT), reason, source, now);
        }
    }

    /**
     * Lifts an unsubscribe (never a bounce, complaint, manual entry or erasure): any, or only one made
     * through {@code source} since {@code since} when both are given. Answers whether one was lifted.
     */
    static boolean liftUnsubscribe(Connection c, String accountId, String normalizedEmail, String source, Instant since)
            throws SQLException {
        String hash = EmailAddress.hash(normalizedEmail);
        if (source == null) {
            return Jdbc.update(c, "DELETE FROM nm_suppression WHERE account_id = ? AND email_hash = ? AND reason = 'unsubscribed'",
                    accountId, hash) > 0;
        }
        return Jdbc.update(c, "DELETE FROM nm_suppression WHERE account_id = ? AND email_hash = ?"
                + " AND reason = 'unsubscribed' AND source = ? AND created_at >= ?", accountId, hash, source, since) > 0;
    }

    /** For an erased contact: only the one-way hash of its address stays, so no import brings it back. */
    static void keepOnlyHash(Connection c, String accountId, String normalizedEmail, Instant now) throws SQLException {
        String hash = EmailAddress.hash(normalizedEmail);
        if (Jdbc.update(c, "UPDATE nm_suppression SET email = NULL WHERE account_id = ? AND email_hash = ?",
                accountId, hash) == 0) {
            Jdbc.update(c, "INSERT INTO nm_suppression (account_id, email_hash, email, reason, source, created_at)"
                    + " VALUES (?, ?, NULL, 'erased', 'erasure', ?)", accountId, hash, now);
        }
    }

    /** The entry of an address, for a data-subject export. */
    static Optional<Map<String, Object>> entry(Connection c, String accountId, String normalizedEmail) throws SQLException {
        return Jdbc.one(c, "SELECT reason, source, created_at FROM nm_suppression WHERE account_id = ? AND email_hash = ?",
                rs -> Map.of("reason", rs.getString(1), "source", rs.getString(2), "createdAt", Jdbc.instant(rs, "created_at")),
                accountId, EmailAddress.hash(normalizedEmail));
    }

    /**
     * The statement that suppresses the staged rows of an import that opt out (a status other than
     * subscribed), for new addresses and for contacts that were subscribed; addresses already on the
     * list keep their entry. The import runs it inside its transaction, where it can cancel it.
     */
    public static BulkStatement suppressImported(String accountId, String importId, Instant now) {
        return new BulkStatement("INSERT INTO nm_suppression (account_id, email_hash, email, reason, source, created_at)"
                + " SELECT ?, r.email_hash, r.email, r.status, 'import', ? FROM nm_import_row r"
                + " WHERE r.import_id = ? AND r.status IS NOT NULL AND r.status <> 'subscribed'"
                + " AND NOT EXISTS (SELECT 1 FROM nm_suppression s WHERE s.account_id = ? AND s.email_hash = r.email_hash)"
                + " AND (r.contact_id IS NULL OR EXISTS (SELECT 1 FROM nm_contact c WHERE c.account_id = ?"
                + " AND c.id = r.contact_id AND c.status = 'subscribed'))",
                accountId, now, importId, accountId, accountId);
    }
}
