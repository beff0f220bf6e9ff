package io.neuromail.contacts.internal.segments;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.AttributeType;
import io.neuromail.contacts.internal.Attributes;
import io.neuromail.contacts.internal.ContactsDatabase;
import io.neuromail.contacts.internal.Views.CountView;
import io.neuromail.contacts.internal.Views.SegmentView;

/** Saved segments: a name and a filter, counted and listed live. */
@Component(service = SegmentStore.class)
public class SegmentStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FILTER_CHARS = 20_000;

    private final Jdbc jdbc;
    private final ActivityLog activity;
    private final Clock clock;
    private final SegmentFields fields;

    @Activate
    public SegmentStore(@Reference ContactsDatabase database, @Reference ActivityLog activity,
                        @Reference SegmentFields fields) {
        this(database.jdbc(), activity, Clock.systemUTC(), fields);
    }

    public SegmentStore(Jdbc jdbc, ActivityLog activity, Clock clock, SegmentFields fields) {
        this.jdbc = jdbc;
        this.activity = activity;
        this.clock = clock;
        this.fields = fields;
    }

    /**
     * Compiles a filter for the account, answering 422 with the offending part's path when it cannot.
     * It runs outside any transaction of this bundle: a field of another bundle may read its own
     * tables, and holding a connection while it takes another could exhaust the pool.
     */
    public SqlCondition compile(String accountId, JsonNode filter) {
        record Names(Map<String, AttributeType> attributes, Set<String> lists) {
        }
        Names names = jdbc.inAccount(accountId, c -> new Names(Attributes.definitions(c, accountId),
                Set.copyOf(Jdbc.list(c, "SELECT id FROM nm_list WHERE account_id = ?", rs -> rs.getString(1), accountId))));
        SegmentCompiler compiler = new SegmentCompiler(accountId, names.attributes(), names.lists()::contains, fields);
        try {
            return compiler.compile(filter);
        } catch (SegmentException e) {
            throw ApiException.invalid(e.path(), e.getMessage());
        }
    }

    /** The condition of a saved segment. */
    public SqlCondition condition(String accountId, String segmentId) {
        JsonNode filter = jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT filter FROM nm_segment WHERE account_id = ? AND id = ?",
                rs -> parse(rs.getString(1)), accountId, segmentId)).orElseThrow(() -> ApiException.notFound("segment"));
        return compile(accountId, filter);
    }

    public CountView count(String accountId, JsonNode filter) {
        long start = System.nanoTime();
        SqlCondition cond = compile(accountId, filter);
        List<Object> params = new ArrayList<>(List.of(accountId));
        params.addAll(cond.params());
        long n = jdbc.inAccount(accountId, c -> Jdbc.count(c, "SELECT COUNT(*) FROM nm_contact c WHERE c.account_id = ? AND "
                + cond.sql(), params.toArray()));
        return new CountView(n, (System.nanoTime() - start) / 1_000_000);
    }

    public List<SegmentView> all(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT id, name, filter, created_at, updated_at FROM nm_segment"
                + " WHERE account_id = ? ORDER BY name", SegmentStore::view, accountId));
    }

    public SegmentView get(String accountId, String id) {
        return jdbc.inAccount(accountId, c -> find(c, accountId, id)).orElseThrow(() -> ApiException.notFound("segment"));
    }

    public SegmentView save(Actor actor, String id, String rawName, JsonNode filter) {
        String name = rawName == null ? "" : rawName.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw ApiException.invalid("name", "a segment name is 1 to 200 characters");
        }
        String text = filter == null ? "" : filter.toString();
        if (text.length() > MAX_FILTER_CHARS) {
            throw ApiException.invalid("filter", "the filter is longer than " + MAX_FILTER_CHARS + " characters");
        }
        String accountId = actor.accountId();
        Instant now = clock.instant();
        String segmentId = id == null ? UUID.randomUUID().toString() : id;
        compile(accountId, filter);
        jdbc.inAccount(accountId, c -> {
            if (id != null) {
                find(c, accountId, id).orElseThrow(() -> ApiException.notFound("segment"));
            }
            Optional<String> sameName = Jdbc.one(c, "SELECT id FROM nm_segment WHERE account_id = ? AND name = ?",
                    rs -> rs.getString(1), accountId, name);
            if (sameName.isPresent() && !sameName.get().equals(segmentId)) {
                throw ApiException.conflict("a segment named '" + name + "' exists already");
            }
            if (id == null) {
                return Jdbc.update(c, "INSERT INTO nm_segment (id, account_id, name, filter, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", segmentId, accountId, name, text, now, now);
            }
            return Jdbc.update(c, "UPDATE nm_segment SET name = ?, filter = ?, updated_at = ? WHERE account_id = ? AND id = ?",
                    name, text, now, accountId, id);
        });
        activity.record(actor.event(id == null ? "contacts.segment.created" : "contacts.segment.updated")
                .detail("segmentId", segmentId).detail("name", name).build());
        return get(accountId, segmentId);
    }

    public void delete(Actor actor, String id) {
        jdbc.inAccount(actor.accountId(), c -> {
            find(c, actor.accountId(), id).orElseThrow(() -> ApiException.notFound("segment"));
            return Jdbc.update(c, "DELETE FROM nm_segment WHERE account_id = ? AND id = ?", actor.accountId(), id);
        });
        activity.record(actor.event("contacts.segment.deleted").detail("segmentId", id).build());
    }

    private static Optional<SegmentView> find(Connection c, String accountId, String id) throws SQLException {
        return Jdbc.one(c, "SELECT id, name, filter, created_at, updated_at FROM nm_segment WHERE account_id = ? AND id = ?",
                SegmentStore::view, accountId, id);
    }

    private static SegmentView view(java.sql.ResultSet rs) throws SQLException {
        return new SegmentView(rs.getString("id"), rs.getString("name"), parse(rs.getString("filter")),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored segment filter is not JSON", e);
        }
    }
}
