package io.neuromail.contacts.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.api.Recipient;
import io.neuromail.contacts.api.RecipientQuery;
import io.neuromail.contacts.api.Recipients;
import io.neuromail.contacts.api.Suppressions;
import io.neuromail.contacts.internal.segments.SegmentStore;

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
        return jdbc.inAccount(accountId, c -> {
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
        return jdbc.inAccount(accountId, c -> Jdbc.count(c, "SELECT COUNT(*) FROM nm_contact c WHERE " + where.sql(), where.params().toArray()));
    }

    @Override
    public Selection select(String accountId, RecipientQuery query) {
        SqlCondition where = where(accountId, query);
        // Addresses are stored normalised (lower case, ASCII domain) and unique per account, so each
        // contact row is one address.
        return new Selection("SELECT c.id AS contact_id, c.email AS email FROM nm_contact c WHERE " + where.sql(),
                where.params());
    }

    @Override
    public Map<String, Recipient> byIds(String accountId, java.util.Collection<String> contactIds) {
        if (contactIds.size() > Suppressions.MAX_BATCH) {
            throw new IllegalArgumentException("at most " + Suppressions.MAX_BATCH + " contact ids at once, not "
                    + contactIds.size());
        }
        List<String> ids = contactIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.inAccount(accountId, c -> {
            Object[] params = new Object[ids.size() + 1];
            params[0] = accountId;
            for (int i = 0; i < ids.size(); i++) {
                params[i + 1] = ids.get(i);
            }
            List<ContactStore.ContactRow> rows = Jdbc.list(c, "SELECT " + ContactStore.COLUMNS + " FROM nm_contact c "
                    + "WHERE c.account_id = ? AND c.id IN (" + Jdbc.marks(ids.size()) + ")", ContactStore::row, params);
            Map<String, Map<String, Object>> attributes = Attributes.of(c, accountId,
                    rows.stream().map(ContactStore.ContactRow::id).toList());
            Map<String, Recipient> out = new HashMap<>();
            for (ContactStore.ContactRow r : rows) {
                out.put(r.id(), new Recipient(r.id(), r.email(), r.firstName(), r.lastName(),
                        attributes.getOrDefault(r.id(), Map.of())));
            }
            return out;
        });
    }

    @Override
    public Set<String> attributeNames(String accountId) {
        return jdbc.inAccount(accountId, c -> Set.copyOf(Attributes.definitions(c, accountId).keySet()));
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

    /**
     * Subscribed, unsuppressed contacts in any of the lists or segments and in none of the excluded
     * ones.
     */
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
            SqlCondition cond = segmentCondition(accountId, segmentId);
            any.add("(" + cond.sql() + ")");
            params.addAll(cond.params());
        }
        List<String> none = new ArrayList<>();
        for (String listId : query.excludeListIds()) {
            if (!lists.exists(accountId, listId)) {
                throw new NoSuchElementException("no list with id " + listId);
            }
            none.add("EXISTS (SELECT 1 FROM nm_list_member m WHERE m.account_id = ? AND m.contact_id = c.id AND m.list_id = ?)");
            params.add(accountId);
            params.add(listId);
        }
        for (String segmentId : query.excludeSegmentIds()) {
            SqlCondition cond = segmentCondition(accountId, segmentId);
            // A condition may be unknown (NULL) for a contact; only a contact it is true for is left out.
            none.add("COALESCE((" + cond.sql() + "), FALSE)");
            params.addAll(cond.params());
        }
        if (any.isEmpty()) {
            return new SqlCondition("1 = 0", List.of());
        }
        sql.append(" AND (").append(String.join(" OR ", any)).append(')');
        if (!none.isEmpty()) {
            sql.append(" AND NOT (").append(String.join(" OR ", none)).append(')');
        }
        if (query.sample() != null) {
            SqlCondition arc = arc(query.sample());
            sql.append(" AND ").append(arc.sql());
            params.addAll(arc.params());
        }
        return new SqlCondition(sql.toString(), params);
    }

    /**
     * The contacts on an arc of the sample circle. A contact's place is the first four hex digits of
     * its id: ids are random UUIDs in lower case (made by NeuroMail: {@code UUID.randomUUID()},
     * {@code gen_random_uuid()}, {@code RANDOM_UUID()}), so places are uniform and fixed, and an arc
     * is a range of ids that the primary key's index can read.
     */
    static SqlCondition arc(RecipientQuery.Sample sample) {
        int scale = RecipientQuery.Sample.SCALE;
        if (sample.to() - sample.from() >= scale) {
            return SqlCondition.TRUE;
        }
        if (sample.to() == sample.from()) {
            return new SqlCondition("1 = 0", List.of());
        }
        int start = (sample.from() + sample.turn()) % scale;
        int end = (sample.to() + sample.turn()) % scale; // exclusive; 0 means the end of the circle
        if (start < end || end == 0) {
            return end == 0 ? new SqlCondition("c.id >= ?", List.of(place(start)))
                    : new SqlCondition("(c.id >= ? AND c.id < ?)", List.of(place(start), place(end)));
        }
        // The arc passes the end of the circle: its two pieces.
        return new SqlCondition("(c.id >= ? OR c.id < ?)", List.of(place(start), place(end)));
    }

    private static String place(int point) {
        return String.format(java.util.Locale.ROOT, "%04x", point);
    }

    private SqlCondition segmentCondition(String accountId, String segmentId) {
        try {
            return segments.condition(accountId, segmentId);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e; // a filter that no longer compiles (e.g. a field whose bundle stopped) says why
            }
            throw new NoSuchElementException("no segment with id " + segmentId);
        }
    }
}
