package io.neuromail.contacts.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.rest.CsvCells;

/**
 * Streams contacts as CSV: all of them, a list's members or a segment's matches, a thousand rows
 * at a time (keyset paging), so memory stays flat whatever the size.
 */
@Component(service = ExportService.class)
public class ExportService {

    private static final int PAGE = 1000;

    private final Jdbc jdbc;
    private final ActivityLog activity;

    @Activate
    public ExportService(@Reference ContactsDatabase database, @Reference ActivityLog activity) {
        this(database.jdbc(), activity);
    }

    ExportService(Jdbc jdbc, ActivityLog activity) {
        this.jdbc = jdbc;
        this.activity = activity;
    }

    /**
     * Writes the contacts matching {@code condition} (and in {@code listId} when given).
     *
     * @return the number of contacts written
     */
    public long write(Actor actor, String listId, SqlCondition condition, OutputStream out) throws IOException {
        String accountId = actor.accountId();
        List<String> attributes = jdbc.inAccount(accountId, c -> new ArrayList<>(Attributes.definitions(c, accountId).keySet()));
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(List.of("email", "first_name", "last_name", "status", "consent_source",
                "consent_at", "created_at", "tags"));
        header.addAll(attributes);
        CsvCells.line(w, header);
        StringBuilder where = new StringBuilder(" FROM nm_contact c WHERE c.account_id = ? AND c.id > ?");
        List<Object> fixed = new ArrayList<>();
        if (listId != null) {
            where.append(" AND EXISTS (SELECT 1 FROM nm_list_member m WHERE m.account_id = ? AND m.contact_id = c.id"
                    + " AND m.list_id = ?)");
            fixed.add(accountId);
            fixed.add(listId);
        }
        if (condition != null) {
            where.append(" AND ").append(condition.sql());
            fixed.addAll(condition.params());
        }
        String sql = "SELECT " + ContactStore.COLUMNS + where + " ORDER BY c.id LIMIT " + PAGE;
        String after = "";
        long written = 0;
        try {
            while (true) {
                List<Object> params = new ArrayList<>(List.of(accountId, after));
                params.addAll(fixed);
                List<Views.ContactView> page = jdbc.inAccount(accountId, c -> ContactStore.views(c, accountId,
                        Jdbc.list(c, sql, ContactStore::row, params.toArray())));
                // Counted once read: a download that breaks off half-way has still been read.
                written += page.size();
                for (Views.ContactView v : page) {
                    List<Object> cells = new ArrayList<>(List.of(v.email(), nz(v.firstName()), nz(v.lastName()), v.status(),
                            nz(v.consentSource()), v.consentAt() == null ? "" : v.consentAt(), v.createdAt(),
                            String.join(";", v.tags())));
                    Map<String, Object> values = v.attributes();
                    for (String a : attributes) {
                        Object value = values.get(a);
                        cells.add(value == null ? "" : value);
                    }
                    CsvCells.line(w, cells);
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
            w.flush();
        } catch (IOException | RuntimeException broken) {
            // An export is a read of personal data: it is recorded even when the download broke off.
            try {
                activity.record(exported(actor, listId, written, false));
            } catch (RuntimeException notRecorded) {
                broken.addSuppressed(notRecorded);
            }
            throw broken;
        }
        activity.record(exported(actor, listId, written, true));
        return written;
    }

    private static ActivityEvent exported(Actor actor, String listId, long contacts, boolean complete) {
        return actor.event("contacts.exported").detail("contacts", contacts).detail("list", listId)
                .detail("complete", complete).build();
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }

}
