package io.neuromail.contacts.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.internal.Views.BulkResult;
import io.neuromail.contacts.internal.Views.ListView;

/** The account's lists and their members. Deleting a list keeps its contacts. */
@Component(service = ListStore.class)
public class ListStore {

    private static final String VIEW = "SELECT l.id, l.name, l.created_at, (SELECT COUNT(*) FROM nm_list_member m"
            + " WHERE m.account_id = l.account_id AND m.list_id = l.id) AS members FROM nm_list l";

    private final Jdbc jdbc;
    private final ContactStore contacts;
    private final ActivityLog activity;
    private final Clock clock;

    @Activate
    public ListStore(@Reference ContactsDatabase database, @Reference ContactStore contacts, @Reference ActivityLog activity) {
        this(database.jdbc(), contacts, activity, Clock.systemUTC());
    }

    ListStore(Jdbc jdbc, ContactStore contacts, ActivityLog activity, Clock clock) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.activity = activity;
        this.clock = clock;
    }

    public List<ListView> all(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, VIEW + " WHERE l.account_id = ? ORDER BY l.name", ListStore::view, accountId));
    }

    public ListView get(String accountId, String id) {
        return jdbc.inAccount(accountId, c -> find(c, accountId, id)).orElseThrow(() -> ApiException.notFound("list"));
    }

    public ListView create(Actor actor, String rawName) {
        String name = name(rawName);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.inAccount(actor.accountId(), c -> {
            requireFreeName(c, actor.accountId(), name, null);
            return Jdbc.update(c, "INSERT INTO nm_list (id, account_id, name, created_at) VALUES (?, ?, ?, ?)",
                    id, actor.accountId(), name, now);
        });
        activity.record(actor.event("contacts.list.created").detail("listId", id).detail("name", name).build());
        return get(actor.accountId(), id);
    }

    public ListView rename(Actor actor, String id, String rawName) {
        String name = name(rawName);
        jdbc.inAccount(actor.accountId(), c -> {
            find(c, actor.accountId(), id).orElseThrow(() -> ApiException.notFound("list"));
            requireFreeName(c, actor.accountId(), name, id);
            return Jdbc.update(c, "UPDATE nm_list SET name = ? WHERE account_id = ? AND id = ?", name, actor.accountId(), id);
        });
        activity.record(actor.event("contacts.list.renamed").detail("listId", id).detail("name", name).build());
        return get(actor.accountId(), id);
    }

    public void delete(Actor actor, String id) {
        jdbc.inAccount(actor.accountId(), c -> {
            find(c, actor.accountId(), id).orElseThrow(() -> ApiException.notFound("list"));
            Jdbc.update(c, "DELETE FROM nm_list_member WHERE account_id = ? AND list_id = ?", actor.accountId(), id);
            return Jdbc.update(c, "DELETE FROM nm_list WHERE account_id = ? AND id = ?", actor.accountId(), id);
        });
        activity.record(actor.event("contacts.list.deleted").detail("listId", id).build());
    }

    /** Adds contacts to a list (those already in it count as done); unknown contact ids are reported. */
    public BulkResult addMembers(Actor actor, String listId, List<String> contactIds) {
        get(actor.accountId(), listId);
        Instant now = clock.instant();
        BulkResult result = contacts.forEachContact(actor.accountId(), contactIds, (c, contactId) -> {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM nm_list_member WHERE account_id = ? AND list_id = ? AND contact_id = ?",
                    actor.accountId(), listId, contactId) == 0) {
                Jdbc.update(c, "INSERT INTO nm_list_member (account_id, list_id, contact_id, added_at) VALUES (?, ?, ?, ?)",
                        actor.accountId(), listId, contactId, now);
            }
        });
        activity.record(actor.event("contacts.list.members_added").detail("listId", listId)
                .detail("contacts", result.succeeded()).build());
        return result;
    }

    public BulkResult removeMembers(Actor actor, String listId, List<String> contactIds) {
        get(actor.accountId(), listId);
        BulkResult result = contacts.forEachContact(actor.accountId(), contactIds, (c, contactId) ->
                Jdbc.update(c, "DELETE FROM nm_list_member WHERE account_id = ? AND list_id = ? AND contact_id = ?",
                        actor.accountId(), listId, contactId));
        activity.record(actor.event("contacts.list.members_removed").detail("listId", listId)
                .detail("contacts", result.succeeded()).build());
        return result;
    }

    public boolean exists(String accountId, String id) {
        return id != null && jdbc.inAccount(accountId, c -> find(c, accountId, id)).isPresent();
    }

    /** Adds every contact of an import to the list, unless it is a member already (a bulk write of the import). */
    public static BulkStatement addImported(String accountId, String listId, String importId, Instant now) {
        return new BulkStatement("INSERT INTO nm_list_member (account_id, list_id, contact_id, added_at)"
                + " SELECT ?, ?, COALESCE(r.contact_id, r.new_id), ? FROM nm_import_row r WHERE r.import_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM nm_list_member m WHERE m.account_id = ? AND m.list_id = ?"
                + " AND m.contact_id = COALESCE(r.contact_id, r.new_id))",
                accountId, listId, now, importId, accountId, listId);
    }

    static java.util.Optional<ListView> find(Connection c, String accountId, String id) throws SQLException {
        return Jdbc.one(c, VIEW + " WHERE l.account_id = ? AND l.id = ?", ListStore::view, accountId, id);
    }

    private static ListView view(java.sql.ResultSet rs) throws SQLException {
        return new ListView(rs.getString("id"), rs.getString("name"), rs.getLong("members"), Jdbc.instant(rs, "created_at"));
    }

    private static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw ApiException.invalid("name", "a list name is 1 to 200 characters");
        }
        return name;
    }

    private static void requireFreeName(Connection c, String accountId, String name, String exceptId) throws SQLException {
        if (Jdbc.one(c, "SELECT id FROM nm_list WHERE account_id = ? AND name = ?", rs -> rs.getString(1), accountId, name)
                .filter(found -> !found.equals(exceptId)).isPresent()) {
            throw ApiException.conflict("a list named '" + name + "' exists already");
        }
    }
}
