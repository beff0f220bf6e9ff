package io.neuromail.contacts.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.api.Recipient;
import io.neuromail.contacts.api.RecipientQuery;
import io.neuromail.contacts.api.Recipients;
import io.neuromail.contacts.internal.segments.SegmentStore;
import io.neuromail.contacts.internal.segments.SqlCondition;

/** The recipients of lists and segments: subscribed, not suppressed, each once, streamed. */
@Component(service = {Recipients.class, RecipientsService.class})
public class RecipientsService implements Recipients {

    private static final int BATCH = 1000;

    private final Jdbc jdbc;
    private final ListStore lists;
    private final SegmentStore segments;

    @Activate
    public RecipientsService(@Reference ContactsDatabase database, @Reference ListStore lists,
                             @Reference SegmentStore segments) {
        this(database.jdbc(), lists, segments);
    }

    RecipientsService(Jdbc jdbc, ListStore lists, SegmentStore segments) {
        this.jdbc = jdbc;
        this.lists = lists;
        this.segments = segments;
    }

    @Override
    public long forEach(String accountId, RecipientQuery query, Consumer<Recipient> sink) {
        SqlCondition where = where(accountId, query);
        return jdbc.tx(c -> {
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ContactStore.COLUMNS + " FROM nm_contact c WHERE "
                    + where.sql() + " ORDER BY c.id")) {
                ps.setFetchSize(BATCH);
                Jdbc.bind(ps, where.params().toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    List<ContactStore.ContactRow> batch = new ArrayList<>(BATCH);
                    while (rs.next()) {
                        batch.add(ContactStore.row(rs));
                        if (batch.size() == BATCH) {
                            n += emit(c, accountId, batch, sink);
                        }
                    }
                    n += emit(c, accountId, batch, sink);
                }
            }
            return n;
        });
    }

    @Override
    public long count(String accountId, RecipientQuery query) {
        SqlCondition where = where(accountId, query);
        return jdbc.tx(c -> Jdbc.count(c, "SELECT COUNT(*) FROM nm_contact c WHERE " + where.sql(), where.params().toArray()));
    }

    private static long emit(java.sql.Connection c, String accountId, List<ContactStore.ContactRow> batch,
                             Consumer<Recipient> sink) throws java.sql.SQLException {
        Map<String, Map<String, Object>> attributes = Attributes.of(c, accountId,
                batch.stream().map(ContactStore.ContactRow::id).toList());
        for (ContactStore.ContactRow r : batch) {
            sink.accept(new Recipient(r.id(), r.email(), r.firstName(), r.lastName(),
                    attributes.getOrDefault(r.id(), new HashMap<>())));
        }
        long n = batch.size();
        batch.clear();
        return n;
    }

    /** Subscribed, unsuppressed contacts in any of the lists or segments. */
    SqlCondition where(String accountId, RecipientQuery query) {
        StringBuilder sql = new StringBuilder("c.account_id = ? AND c.status = 'subscribed'"
                + " AND NOT EXISTS (SELECT 1 FROM nm_suppression s WHERE s.account_id = ? AND s.email = LOWER(c.email))");
        List<Object> params = new ArrayList<>(List.of(accountId, accountId));
        List<String> any = new ArrayList<>();
        for (String listId : query.listIds()) {
            if (!lists.exists(accountId, listId)) {
                throw new NoSuchElementException("no list with id " + listId);
            }
            any.add("EXISTS (SELECT 1 FROM nm_list_member m WHERE m.account_id = ? AND m.contact_id = c.id AND m.list_id = ?)");
            params.add(accountId);
            params.add(listId);
        }
        for (String segmentId : query.segmentIds()) {
            SqlCondition cond;
            try {
                cond = segments.condition(accountId, segmentId);
            } catch (ApiException notFound) {
                throw new NoSuchElementException("no segment with id " + segmentId);
            }
            any.add(cond.sql());
            params.addAll(cond.params());
        }
        if (any.isEmpty()) {
            return new SqlCondition("1 = 0", List.of());
        }
        sql.append(" AND (").append(String.join(" OR ", any)).append(')');
        return new SqlCondition(sql.toString(), params);
    }
}
