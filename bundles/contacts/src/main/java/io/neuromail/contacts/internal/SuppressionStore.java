package io.neuromail.contacts.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.internal.Views.BulkResult;
import io.neuromail.contacts.internal.Views.ItemResult;
import io.neuromail.contacts.internal.Views.Page;
import io.neuromail.contacts.internal.Views.SuppressionView;

/**
 * The suppression list as the account manages it: browse, add by hand, import a list of
 * addresses, remove manual entries. Unsubscribes, bounces, complaints and erasures put addresses
 * here on their own (see {@link ContactStore}).
 */
@Component(service = SuppressionStore.class)
public class SuppressionStore {

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
        return jdbc.tx(c -> {
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
        String email = EmailAddress.normalize(rawEmail).orElseThrow(() -> Problems.invalid("email",
                rawEmail == null || rawEmail.isBlank() ? "email is required" : "'" + rawEmail + "' is not a valid email address"));
        Instant now = clock.instant();
        jdbc.tx(c -> {
            addManual(c, actor.accountId(), email, now);
            return null;
        });
        activity.record(actor.event("contacts.suppression.added").detail("count", 1).build());
        return jdbc.tx(c -> Jdbc.one(c, "SELECT email_hash, email, reason, source, created_at FROM nm_suppression"
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
                    throw Problems.invalid("file", "at most " + MAX_IMPORT_LINES + " lines per suppression import");
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
            throw Problems.invalid("file", "the file holds no address");
        }
        Instant now = clock.instant();
        jdbc.tx(c -> {
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
        jdbc.tx(c -> {
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

    private static void addManual(java.sql.Connection c, String accountId, String email, Instant now) throws java.sql.SQLException {
        if (!ContactStore.isSuppressed(c, accountId, email)) {
            ContactStore.suppress(c, accountId, email, "manual", "api", now);
        }
    }
}
