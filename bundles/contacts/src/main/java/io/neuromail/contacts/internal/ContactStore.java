package io.neuromail.contacts.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.billing.Limit;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.Page;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.ContactStatusService;
import io.neuromail.contacts.api.ContactDataHolder;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.contacts.internal.Views.ContactDetail;
import io.neuromail.contacts.internal.Views.ContactView;
import io.neuromail.contacts.internal.Views.ListRef;
import io.neuromail.contacts.internal.Views.StatusChangeView;
import io.neuromail.contacts.internal.imports.ImportStore;

/**
 * Contacts, their tags, attributes and status history. A status that suppresses puts the address on
 * the suppression list through {@link SuppressionStore}, which owns that table. Every method takes
 * the account it acts in and binds it into every statement.
 */
@Component(service = {ContactStore.class, ContactStatusService.class})
public class ContactStore implements ContactStatusService {

    /** Columns a contact table can be sorted by. */
    public static final Map<String, String> SORTS = Map.of("email", "c.email", "first_name", "c.first_name",
            "last_name", "c.last_name", "status", "c.status", "created_at", "c.created_at", "updated_at", "c.updated_at");

    static final String COLUMNS = "c.id, c.email, c.first_name, c.last_name, c.status, c.consent_source, c.consent_at,"
            + " c.created_at, c.updated_at";

    private final Jdbc jdbc;
    private final ActivityLog activity;
    private final Clock clock;
    /** What other bundles keep about contacts, erased with them. */
    private final List<ContactDataHolder> holders = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public ContactStore(@Reference ContactsDatabase database, @Reference ActivityLog activity) {
        this(database.jdbc(), activity, Clock.systemUTC());
    }

    ContactStore(Jdbc jdbc, ActivityLog activity, Clock clock) {
        this.jdbc = jdbc;
        this.activity = activity;
        this.clock = clock;
    }

    /** The plan's limits; without the billing bundle there are none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountLimits limits;

    /**
     * Refuses, with the plan's {@code 402}, work that would add {@code adding} contacts past the
     * account's plan; counts the contacts only when the plan limits them.
     */
    public static void requireRoom(Connection c, AccountLimits limits, String accountId, long adding) throws SQLException {
        if (limits != null && limits.limit(accountId, Limit.CONTACTS).isPresent()) {
            limits.require(accountId, Limit.CONTACTS, count(c, accountId), adding);
        }
    }

    /** The account's contacts: what the plan's contact limit counts. */
    public static long count(Connection c, String accountId) throws SQLException {
        return Jdbc.count(c, "SELECT COUNT(*) FROM nm_contact WHERE account_id = ?", accountId);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHolder(ContactDataHolder holder) {
        holders.add(holder);
    }

    void removeHolder(ContactDataHolder holder) {
        holders.remove(holder);
    }

    /** Filters of the contacts table; {@code null} means "any". */
    public record Query(String search, String status, String listId, String tag, SqlCondition segment,
                        String sort, boolean descending, int page, int size) {
    }

    public Page<ContactView> page(String accountId, Query q) {
        StringBuilder where = new StringBuilder(" FROM nm_contact c WHERE c.account_id = ?");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (q.search() != null && !q.search().isBlank()) {
            String like = "%" + q.search().strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            where.append(" AND (LOWER(c.email) LIKE ? ESCAPE '!' OR LOWER(c.first_name) LIKE ? ESCAPE '!'"
                    + " OR LOWER(c.last_name) LIKE ? ESCAPE '!')");
            params.addAll(List.of(like, like, like));
        }
        if (q.status() != null) {
            where.append(" AND c.status = ?");
            params.add(q.status());
        }
        if (q.listId() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM nm_list_member m WHERE m.account_id = ? AND m.contact_id = c.id"
                    + " AND m.list_id = ?)");
            params.addAll(List.of(accountId, q.listId()));
        }
        if (q.tag() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM nm_contact_tag t WHERE t.account_id = ? AND t.contact_id = c.id"
                    + " AND t.tag = ?)");
            params.addAll(List.of(accountId, q.tag()));
        }
        if (q.segment() != null) {
            where.append(" AND ").append(q.segment().sql());
            params.addAll(q.segment().params());
        }
        String order = SORTS.getOrDefault(q.sort(), "c.created_at") + (q.descending() ? " DESC" : " ASC") + ", c.id";
        return jdbc.inAccount(accountId, c -> {
            long total = Jdbc.count(c, "SELECT COUNT(*)" + where, params.toArray());
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(q.size());
            pageParams.add((long) q.page() * q.size());
            List<ContactRow> rows = Jdbc.list(c, "SELECT " + COLUMNS + where + " ORDER BY " + order
                    + " LIMIT ? OFFSET ?", ContactStore::row, pageParams.toArray());
            return new Page<>(views(c, accountId, rows), total, q.page(), q.size());
        });
    }

    public ContactDetail get(String accountId, String id) {
        return jdbc.inAccount(accountId, c -> {
            ContactRow row = find(c, accountId, id).orElseThrow(() -> ApiException.notFound("contact"));
            ContactView view = views(c, accountId, List.of(row)).get(0);
            List<ListRef> lists = Jdbc.list(c, "SELECT l.id, l.name FROM nm_list l JOIN nm_list_member m"
                    + " ON m.list_id = l.id AND m.account_id = ? WHERE l.account_id = ? AND m.contact_id = ? ORDER BY l.name",
                    rs -> new ListRef(rs.getString(1), rs.getString(2)), accountId, accountId, id);
            return new ContactDetail(view, lists, history(c, accountId, id));
        });
    }

    public ContactView create(Actor actor, ContactInput in) {
        String accountId = actor.accountId();
        ApiException.Validation v = ApiException.validation();
        String email = EmailAddress.normalize(in.email()).orElse(null);
        v.require(email != null, "email", in.email() == null || in.email().isBlank() ? "email is required"
                : "'" + in.email() + "' is not a valid email address");
        ContactStatus status = parseStatus(in.status(), v);
        checkNames(in, v);
        List<String> invalidTags = new ArrayList<>();
        List<String> tags = Tags.cleanAll(in.tags(), invalidTags);
        v.require(invalidTags.isEmpty(), "tags", "tags must be 1 to " + Tags.MAX_LENGTH + " characters without control characters");
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        jdbc.inAccount(accountId, c -> {
            Map<String, Attributes.Typed> attributes = Attributes.typed(c, accountId, in.attributes(), v);
            v.throwIfInvalid();
            if (Jdbc.count(c, "SELECT COUNT(*) FROM nm_contact WHERE account_id = ? AND email = ?", accountId, email) > 0) {
                throw ApiException.conflict("a contact with the email " + email + " exists already");
            }
            requireRoom(c, limits, accountId, 1);
            if (status == ContactStatus.SUBSCRIBED && SuppressionStore.isSuppressed(c, accountId, email)) {
                throw ApiException.conflict(email + " is on the suppression list; remove it there first to add it as subscribed");
            }
            Jdbc.update(c, "INSERT INTO nm_contact (id, account_id, email, first_name, last_name, status, consent_source,"
                    + " consent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, accountId, email,
                    blankToNull(in.firstName()), blankToNull(in.lastName()), status.wireName(),
                    in.consentSource() == null ? "api" : in.consentSource().strip(), now, now, now);
            AudienceHistory.added(c, jdbc.postgres(), accountId, now, 1);
            Attributes.write(c, accountId, id, attributes, now);
            for (String tag : tags) {
                Jdbc.update(c, "INSERT INTO nm_contact_tag (account_id, contact_id, tag) VALUES (?, ?, ?)", accountId, id, tag);
            }
            if (status.suppresses()) {
                SuppressionStore.suppress(c, accountId, email, status.wireName(), StatusSource.API.wireName(), now);
            }
            return null;
        });
        activity.record(actor.event("contacts.contact.created").detail("contactId", id).build());
        return get(accountId, id).contact();
    }

    public ContactView update(Actor actor, String id, ContactInput in) {
        String accountId = actor.accountId();
        ApiException.Validation v = ApiException.validation();
        v.require(in.email() == null, "email", "the email of a contact cannot be changed; create a new contact");
        ContactStatus status = in.status() == null ? null : parseStatus(in.status(), v);
        checkNames(in, v);
        List<String> invalidTags = new ArrayList<>();
        List<String> tags = in.tags() == null ? null : Tags.cleanAll(in.tags(), invalidTags);
        v.require(invalidTags.isEmpty(), "tags", "tags must be 1 to " + Tags.MAX_LENGTH + " characters without control characters");
        v.throwIfInvalid();
        Instant now = clock.instant();
        jdbc.inAccount(accountId, c -> {
            ContactRow row = find(c, accountId, id).orElseThrow(() -> ApiException.notFound("contact"));
            Map<String, Attributes.Typed> attributes = Attributes.typed(c, accountId, in.attributes(), v);
            v.throwIfInvalid();
            Jdbc.update(c, "UPDATE nm_contact SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name),"
                    + " consent_source = COALESCE(?, consent_source), updated_at = ? WHERE account_id = ? AND id = ?",
                    in.firstName() == null ? null : in.firstName().strip(), in.lastName() == null ? null : in.lastName().strip(),
                    in.consentSource(), now, accountId, id);
            Attributes.write(c, accountId, id, attributes, now);
            if (tags != null) {
                Jdbc.update(c, "DELETE FROM nm_contact_tag WHERE account_id = ? AND contact_id = ?", accountId, id);
                for (String tag : tags) {
                    Jdbc.update(c, "INSERT INTO nm_contact_tag (account_id, contact_id, tag) VALUES (?, ?, ?)", accountId, id, tag);
                }
            }
            if (status != null && !status.wireName().equals(row.status())) {
                ContactStatus old = ContactStatus.fromWire(row.status());
                if (status == ContactStatus.SUBSCRIBED && old != ContactStatus.UNSUBSCRIBED) {
                    throw ApiException.conflict("a " + old.wireName() + " address cannot be re-subscribed");
                }
                changeStatus(c, actor, row, status, StatusSource.API, "changed by " + describe(actor), now);
            }
            return null;
        });
        activity.record(actor.event("contacts.contact.updated").detail("contactId", id).build());
        return get(accountId, id).contact();
    }

    public void delete(Actor actor, String id) {
        jdbc.inAccount(actor.accountId(), c -> {
            find(c, actor.accountId(), id).orElseThrow(() -> ApiException.notFound("contact"));
            deleteRows(c, actor.accountId(), id);
            return null;
        });
        activity.record(actor.event("contacts.contact.deleted").detail("contactId", id).build());
    }

    /**
     * Erases a contact for a data-subject request: every row about it goes, and only the one-way
     * hash of its address stays on the suppression list, so no import can bring it back.
     */
    public void erase(Actor actor, String id) {
        String accountId = actor.accountId();
        Instant now = clock.instant();
        if (jdbc.inAccount(accountId, c -> find(c, accountId, id)).isEmpty()) {
            throw ApiException.notFound("contact");
        }
        // What other bundles keep goes first: if one fails, the contact is still there to erase again.
        for (ContactDataHolder holder : holders) {
            holder.eraseContact(accountId, id);
        }
        jdbc.inAccount(accountId, c -> {
            ContactRow row = find(c, accountId, id).orElseThrow(() -> ApiException.notFound("contact"));
            deleteRows(c, accountId, id);
            ImportStore.forgetRejections(c, accountId, row.email());
            SuppressionStore.keepOnlyHash(c, accountId, row.email(), now);
            return null;
        });
        activity.record(actor.event("contacts.contact.erased").detail("contactId", id).build());
    }

    /**
     * Everything stored about one contact, for a data-subject access request. Recorded in the activity
     * log, as it hands out a person's data.
     */
    public Map<String, Object> subjectExport(Actor actor, String id) {
        String accountId = actor.accountId();
        ContactDetail detail = get(accountId, id);
        Map<String, Object> export = jdbc.inAccount(accountId, c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("contact", detail.contact());
            out.put("lists", detail.lists());
            out.put("statusHistory", detail.statusHistory());
            String email = detail.contact().email();
            out.put("suppression", SuppressionStore.entry(c, accountId, email).orElse(null));
            out.put("importRejections", Jdbc.list(c, "SELECT import_id, line, reason FROM nm_import_rejection"
                    + " WHERE account_id = ? AND LOWER(email) = ? ORDER BY import_id, line", rs -> Map.of("importId",
                            rs.getString(1), "line", rs.getLong(2), "reason", rs.getString(3)),
                    accountId, email.toLowerCase(Locale.ROOT)));
            out.put("exportedAt", clock.instant());
            return out;
        });
        activity.record(actor.event("contacts.contact.exported").detail("contactId", id).build());
        return export;
    }

    public List<Views.AttributeView> attributes(String accountId) {
        return jdbc.inAccount(accountId, c -> Attributes.inUse(c, accountId));
    }

    public List<String> tags(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT DISTINCT tag FROM nm_contact_tag WHERE account_id = ? ORDER BY tag",
                rs -> rs.getString(1), accountId));
    }

    /** Adds a tag to or removes it from contacts; unknown ids are reported, the rest done. */
    public Views.BulkResult tag(Actor actor, List<String> ids, String rawTag, boolean add) {
        String tag = Tags.clean(rawTag);
        if (tag == null) {
            throw ApiException.invalid("tag", "a tag is 1 to " + Tags.MAX_LENGTH + " characters without control characters");
        }
        Views.BulkResult result = forEachContact(actor.accountId(), ids, (c, id) -> {
            Jdbc.update(c, "DELETE FROM nm_contact_tag WHERE account_id = ? AND contact_id = ? AND tag = ?",
                    actor.accountId(), id, tag);
            if (add) {
                Jdbc.update(c, "INSERT INTO nm_contact_tag (account_id, contact_id, tag) VALUES (?, ?, ?)",
                        actor.accountId(), id, tag);
            }
        });
        activity.record(actor.event(add ? "contacts.tag.added" : "contacts.tag.removed").detail("tag", tag)
                .detail("contacts", result.succeeded()).build());
        return result;
    }

    public Views.BulkResult deleteAll(Actor actor, List<String> ids) {
        Views.BulkResult result = forEachContact(actor.accountId(), ids, (c, id) -> deleteRows(c, actor.accountId(), id));
        activity.record(actor.event("contacts.contact.deleted").detail("contacts", result.succeeded()).build());
        return result;
    }

    /** One step of a bulk action on one existing contact of the account. */
    @FunctionalInterface
    public interface ContactStep {
        void apply(Connection c, String contactId) throws SQLException;
    }

    /** Runs {@code step} on each contact in one transaction; ids that are not the account's contacts are reported. */
    public Views.BulkResult forEachContact(String accountId, List<String> ids, ContactStep step) {
        if (ids == null || ids.isEmpty()) {
            throw ApiException.invalid("contactIds", "at least one contact id is required");
        }
        if (ids.size() > 10_000) {
            throw ApiException.invalid("contactIds", "at most 10000 contacts per request");
        }
        return jdbc.inAccount(accountId, c -> {
            List<Views.ItemResult> results = new ArrayList<>();
            int ok = 0;
            for (String id : new java.util.LinkedHashSet<>(ids)) {
                if (id != null && find(c, accountId, id).isPresent()) {
                    step.apply(c, id);
                    results.add(new Views.ItemResult(id, true, null));
                    ok++;
                } else {
                    results.add(new Views.ItemResult(id, false, "contact not found"));
                }
            }
            return new Views.BulkResult(ok, results.size() - ok, results);
        });
    }

    // --- status changes from other bundles and the suppression list

    @Override
    public boolean changeStatus(String accountId, String email, ContactStatus status, StatusSource source, String reason) {
        if (status == ContactStatus.SUBSCRIBED) {
            throw new IllegalArgumentException("only the contact's own action may re-subscribe an address");
        }
        String normalized = EmailAddress.normalize(email)
                .orElseThrow(() -> new IllegalArgumentException("not a valid email address"));
        Instant now = clock.instant();
        Actor system = Actor.system(accountId);
        return jdbc.inAccount(accountId, c -> {
            Optional<ContactRow> row = byEmail(c, accountId, normalized);
            // An unsubscribe says less than a bounce, a complaint or an entry made by hand: it never replaces them.
            boolean unsubscribe = status == ContactStatus.UNSUBSCRIBED;
            if (row.isPresent()) {
                ContactRow contact = row.get();
                boolean keep = contact.status().equals(status.wireName())
                        || unsubscribe && STRONGER_THAN_UNSUBSCRIBED.contains(contact.status());
                if (!keep) {
                    changeStatus(c, system, contact, status, source, reason, now);
                } else if (!unsubscribe || !SuppressionStore.isSuppressed(c, accountId, normalized)) {
                    SuppressionStore.suppress(c, accountId, normalized, status.wireName(), source.wireName(), now);
                }
            } else if (!unsubscribe || !SuppressionStore.isSuppressed(c, accountId, normalized)) {
                boolean added = !SuppressionStore.isSuppressed(c, accountId, normalized);
                SuppressionStore.suppress(c, accountId, normalized, status.wireName(), source.wireName(), now);
                if (added) {
                    // No contact to keep a history: the activity log is where the account sees it.
                    activity.record(system.event("contacts.suppression.added").detail("count", 1)
                            .detail("reason", status.wireName()).detail("source", source.wireName()).build());
                }
            }
            return row.isPresent();
        });
    }

    @Override
    public boolean undoUnsubscribe(String accountId, String email, String reason, Duration within) {
        String normalized = EmailAddress.normalize(email)
                .orElseThrow(() -> new IllegalArgumentException("not a valid email address"));
        Objects.requireNonNull(reason, "reason");
        Instant now = clock.instant();
        Instant since = now.minus(within);
        String unsubscribed = truncate(reason, 500);
        String undone = truncate(UNDO_PREFIX + reason, 500);
        String link = StatusSource.UNSUBSCRIBE_LINK.wireName();
        return jdbc.inAccount(accountId, c -> {
            Optional<ContactRow> row = byEmail(c, accountId, normalized);
            if (row.isEmpty()) {
                return SuppressionStore.liftUnsubscribe(c, accountId, normalized, link, since);
            }
            ContactRow contact = row.get();
            Optional<StatusChangeView> last = Jdbc.one(c, "SELECT old_status, new_status, source, reason, changed_at"
                    + " FROM nm_status_change WHERE account_id = ? AND contact_id = ? ORDER BY changed_at DESC",
                    rs -> new StatusChangeView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Jdbc.instant(rs, "changed_at")), accountId, contact.id());
            if (last.isEmpty() || !link.equals(last.get().source()) || !contact.status().equals(last.get().newStatus())) {
                return false;
            }
            StatusChangeView change = last.get();
            if (change.newStatus().equals(ContactStatus.SUBSCRIBED.wireName())) {
                return undone.equals(change.reason());
            }
            if (!change.newStatus().equals(ContactStatus.UNSUBSCRIBED.wireName()) || !unsubscribed.equals(change.reason())
                    || change.changedAt().isBefore(since)) {
                return false;
            }
            changeStatus(c, Actor.system(accountId), contact, ContactStatus.SUBSCRIBED, StatusSource.UNSUBSCRIBE_LINK,
                    undone, now);
            return true;
        });
    }

    /** Recorded as the reason of an undone unsubscribe, before the unsubscribe's own reason. */
    // --- bulk writes of an import, over its staged rows (nm_import_row); see BulkStatement

    /**
     * Records the status changes an import makes: it may opt a subscribed contact out, never the
     * other way round.
     */
    public static BulkStatement recordImportedStatusChanges(String accountId, String importId, String reason,
                                                            Instant now, boolean postgres) {
        String uuid = postgres ? "CAST(gen_random_uuid() AS VARCHAR(36))" : "CAST(RANDOM_UUID() AS VARCHAR(36))";
        return new BulkStatement("INSERT INTO nm_status_change (id, account_id, contact_id, old_status, new_status,"
                + " source, reason, changed_at) SELECT " + uuid + ", ?, c.id, c.status, r.status, 'import', ?, ?"
                + IMPORTED_STATUS_CHANGES, accountId, reason, now, accountId, importId);
    }

    /** The staged rows of an import that change a contact's status: binds the account, then the import. */
    private static final String IMPORTED_STATUS_CHANGES = " FROM nm_import_row r JOIN nm_contact c ON c.account_id = ?"
            + " AND c.id = r.contact_id WHERE r.import_id = ? AND c.status = 'subscribed' AND r.status IS NOT NULL"
            + " AND r.status <> 'subscribed'";

    /**
     * Counts in the audience's daily counters what an import does: the status changes it is about to
     * make (call before {@link #updateImported}) and the contacts it creates.
     */
    public static void countImported(Connection c, boolean postgres, String accountId, String importId, long created,
                                     Instant now) throws SQLException {
        for (Object[] changed : Jdbc.list(c, "SELECT r.status, COUNT(*)" + IMPORTED_STATUS_CHANGES + " GROUP BY r.status",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)}, accountId, importId)) {
            AudienceHistory.statusChanged(c, postgres, accountId, now, ContactStatus.fromWire((String) changed[0]),
                    (Long) changed[1]);
        }
        AudienceHistory.added(c, postgres, accountId, now, created);
    }

    /** Updates the existing contacts an import names: given names replace, a subscribed status may opt out. */
    public static BulkStatement updateImported(String accountId, String importId, Instant now) {
        return new BulkStatement("MERGE INTO nm_contact c USING (SELECT contact_id, first_name, last_name, status"
                + " FROM nm_import_row WHERE import_id = ? AND contact_id IS NOT NULL) r ON (c.account_id = ?"
                + " AND c.id = r.contact_id) WHEN MATCHED THEN UPDATE SET first_name = COALESCE(r.first_name, c.first_name),"
                + " last_name = COALESCE(r.last_name, c.last_name),"
                + " status = CASE WHEN c.status = 'subscribed' AND r.status IS NOT NULL THEN r.status ELSE c.status END,"
                + " updated_at = ?", importId, accountId, now);
    }

    /** Creates the new contacts of an import, with the id staged for each and the import as consent. */
    public static BulkStatement insertImported(String accountId, String importId, String consent, Instant now) {
        return new BulkStatement("INSERT INTO nm_contact (id, account_id, email, first_name, last_name, status,"
                + " consent_source, consent_at, created_at, updated_at) SELECT new_id, ?, email, first_name, last_name,"
                + " COALESCE(status, 'subscribed'), ?, ?, ?, ? FROM nm_import_row WHERE import_id = ? AND contact_id IS NULL",
                accountId, consent, now, now, now, importId);
    }

    /** Gives every contact of an import the tag, unless it has it already. */
    public static BulkStatement tagImported(String accountId, String importId, String tag) {
        return new BulkStatement("INSERT INTO nm_contact_tag (account_id, contact_id, tag) SELECT ?,"
                + " COALESCE(r.contact_id, r.new_id), ? FROM nm_import_row r WHERE r.import_id = ? AND NOT EXISTS"
                + " (SELECT 1 FROM nm_contact_tag t WHERE t.account_id = ? AND t.contact_id = COALESCE(r.contact_id, r.new_id)"
                + " AND t.tag = ?)", accountId, tag, importId, accountId, tag);
    }

    static final String UNDO_PREFIX = "undone: ";

    /** Statuses an unsubscribe never replaces. */
    private static final java.util.Set<String> STRONGER_THAN_UNSUBSCRIBED = java.util.Set.of(
            ContactStatus.BOUNCED.wireName(), ContactStatus.COMPLAINED.wireName());

    private static Optional<ContactRow> byEmail(Connection c, String accountId, String normalizedEmail)
            throws SQLException {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM nm_contact c WHERE c.account_id = ? AND LOWER(c.email) = ?",
                ContactStore::row, accountId, normalizedEmail.toLowerCase(Locale.ROOT));
    }

    private void changeStatus(Connection c, Actor actor, ContactRow row, ContactStatus status, StatusSource source,
                              String reason, Instant now) throws SQLException {
        String accountId = actor.accountId();
        Jdbc.update(c, "UPDATE nm_contact SET status = ?, updated_at = ? WHERE account_id = ? AND id = ?",
                status.wireName(), now, accountId, row.id());
        Jdbc.update(c, "INSERT INTO nm_status_change (id, account_id, contact_id, old_status, new_status, source, reason,"
                + " changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), accountId, row.id(),
                row.status(), status.wireName(), source.wireName(), truncate(reason, 500), now);
        AudienceHistory.statusChanged(c, jdbc.postgres(), accountId, now, status, 1);
        if (status.suppresses()) {
            if (status != ContactStatus.UNSUBSCRIBED || !SuppressionStore.isSuppressed(c, accountId, row.email())) {
                SuppressionStore.suppress(c, accountId, row.email(), status.wireName(), source.wireName(), now);
            }
        } else {
            SuppressionStore.liftUnsubscribe(c, accountId, row.email(), null, null);
        }
        activity.record(actor.event("contacts.status.changed").detail("contactId", row.id())
                .detail("from", row.status()).detail("to", status.wireName()).detail("source", source.wireName()).build());
    }

    // --- helpers

    /** A contact row as stored. */
    public record ContactRow(String id, String email, String firstName, String lastName, String status,
                             String consentSource, Instant consentAt, Instant createdAt, Instant updatedAt) {
    }

    public static ContactRow row(ResultSet rs) throws SQLException {
        return new ContactRow(rs.getString("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("status"), rs.getString("consent_source"),
                Jdbc.instant(rs, "consent_at"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }

    static Optional<ContactRow> find(Connection c, String accountId, String id) throws SQLException {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM nm_contact c WHERE c.account_id = ? AND c.id = ?",
                ContactStore::row, accountId, id);
    }

    /** Views with tags and attributes of some contact rows (two queries for the whole set). */
    static List<ContactView> views(Connection c, String accountId, List<ContactRow> rows) throws SQLException {
        List<String> ids = rows.stream().map(ContactRow::id).toList();
        Map<String, List<String>> tags = new HashMap<>();
        if (!ids.isEmpty()) {
            Object[] params = new Object[ids.size() + 1];
            params[0] = accountId;
            for (int i = 0; i < ids.size(); i++) {
                params[i + 1] = ids.get(i);
            }
            Jdbc.list(c, "SELECT contact_id, tag FROM nm_contact_tag WHERE account_id = ? AND contact_id IN ("
                    + Jdbc.marks(ids.size()) + ") ORDER BY tag", rs -> {
                        tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                        return null;
                    }, params);
        }
        Map<String, Map<String, Object>> attributes = Attributes.of(c, accountId, ids);
        return rows.stream().map(r -> new ContactView(r.id(), r.email(), r.firstName(), r.lastName(), r.status(),
                r.consentSource(), r.consentAt(), r.createdAt(), r.updatedAt(), tags.getOrDefault(r.id(), List.of()),
                attributes.getOrDefault(r.id(), Map.of()))).toList();
    }

    private static List<StatusChangeView> history(Connection c, String accountId, String id) throws SQLException {
        return Jdbc.list(c, "SELECT old_status, new_status, source, reason, changed_at FROM nm_status_change"
                + " WHERE account_id = ? AND contact_id = ? ORDER BY changed_at DESC", rs -> new StatusChangeView(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Jdbc.instant(rs, "changed_at")),
                accountId, id);
    }

    private static void deleteRows(Connection c, String accountId, String id) throws SQLException {
        for (String table : List.of("nm_contact_attribute", "nm_contact_tag", "nm_list_member", "nm_status_change")) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE account_id = ? AND contact_id = ?", accountId, id);
        }
        Jdbc.update(c, "DELETE FROM nm_contact WHERE account_id = ? AND id = ?", accountId, id);
    }

    private static ContactStatus parseStatus(String raw, ApiException.Validation v) {
        if (raw == null) {
            return ContactStatus.SUBSCRIBED;
        }
        try {
            return ContactStatus.fromWire(raw);
        } catch (IllegalArgumentException e) {
            v.reject("status", e.getMessage());
            return ContactStatus.SUBSCRIBED;
        }
    }

    private static void checkNames(ContactInput in, ApiException.Validation v) {
        v.require(in.firstName() == null || in.firstName().length() <= 200, "firstName", "at most 200 characters");
        v.require(in.lastName() == null || in.lastName().length() <= 200, "lastName", "at most 200 characters");
        v.require(in.consentSource() == null || in.consentSource().length() <= 200, "consentSource", "at most 200 characters");
    }

    private static String describe(Actor actor) {
        return actor.caller() == null ? "NeuroMail" : actor.caller().getName();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
