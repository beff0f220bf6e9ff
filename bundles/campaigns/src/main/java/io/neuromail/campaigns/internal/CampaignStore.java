package io.neuromail.campaigns.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.PageRequest;

/**
 * The campaigns table and its tags: every statement binds the account, every state change is one
 * conditional statement, so two requests or two nodes cannot both make the same move.
 */
public class CampaignStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, account_id, name, status, status_reason, subject, preheader, from_address,"
            + " from_name, reply_to, body_html, body_text, text_from_html, sanitiser_notes, sender_name, inline_css,"
            + " audience, scheduled_at, schedule_zone, scheduled_by_user, scheduled_by_email, acknowledged, send_id,"
            + " started_at, sent_at, webview_enabled, webview_token, in_archive, tracking, version, created_by,"
            + " created_at, updated_at";
    /** How list sorts map to columns; the client names a sort, never a column. */
    static final Map<String, String> SORTS = Map.of(
            "updated", "updated_at DESC", "created", "created_at DESC", "name", "LOWER(name) ASC",
            "scheduled", "scheduled_at ASC", "sent", "sent_at DESC");

    private final Jdbc jdbc;

    public CampaignStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Campaign c) {
        jdbc.inAccount(c.accountId(), x -> {
            Jdbc.update(x, "INSERT INTO nm_campaign (" + COLUMNS + ") VALUES (" + Jdbc.marks(33) + ")",
                    c.id(), c.accountId(), c.name(), c.status(), c.statusReason(), c.subject(), c.preheader(), c.from(),
                    c.fromName(), c.replyTo(), c.html(), c.text(), c.textFromHtml(), json(c.sanitiserNotes()),
                    c.senderName(), c.inlineCss(), json(c.audience()), c.scheduledAt(), c.scheduleZone(),
                    c.scheduledByUser(), c.scheduledByEmail(), c.acknowledged(), c.sendId(), c.startedAt(), c.sentAt(),
                    c.webviewEnabled(), c.webviewToken(), c.inArchive(), c.tracking(), c.version(), c.createdBy(),
                    c.createdAt(), c.updatedAt());
            writeTags(x, c.accountId(), c.id(), c.tags());
            return null;
        });
    }

    public Optional<Campaign> find(String accountId, String id) {
        return jdbc.inAccount(accountId, x -> find(x, accountId, id));
    }

    private static Optional<Campaign> find(Connection x, String accountId, String id) throws SQLException {
        Optional<Campaign> row = Jdbc.one(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE account_id = ? AND id = ?",
                CampaignStore::row, accountId, id);
        if (row.isEmpty()) {
            return row;
        }
        return Optional.of(withTags(row.get(), tags(x, accountId, List.of(id)).getOrDefault(id, List.of())));
    }

    /** The campaign whose web version has this token, whatever its account. */
    public Optional<Campaign> byWebviewToken(String token) {
        return jdbc.system(x -> Jdbc.one(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE webview_token = ?",
                CampaignStore::row, token));
    }

    /**
     * Replaces the content of a campaign that is still editable and still at {@code version}.
     *
     * @throws ApiException 404 when there is no such campaign, 409 when it moved on or changed meanwhile
     */
    public void updateContent(String accountId, String id, int version, Campaign.Content c, Instant now) {
        jdbc.inAccount(accountId, x -> {
            int n = Jdbc.update(x, "UPDATE nm_campaign SET name = ?, subject = ?, preheader = ?, from_address = ?,"
                    + " from_name = ?, reply_to = ?, body_html = ?, body_text = ?, text_from_html = ?, sanitiser_notes = ?,"
                    + " sender_name = ?, inline_css = ?, audience = ?, webview_enabled = ?, in_archive = ?,"
                    + " tracking = ?, acknowledged = ?, version = version + 1, updated_at = ?"
                    + " WHERE account_id = ? AND id = ? AND version = ? AND status IN (?, ?)",
                    c.name(), c.subject(), c.preheader(), c.from(), c.fromName(), c.replyTo(), c.html(), c.text(),
                    c.textFromHtml(), json(c.sanitiserNotes()), c.senderName(), c.inlineCss(), json(c.audience()),
                    c.webviewEnabled(), c.inArchive(), c.tracking(), false, now, accountId, id, version,
                    CampaignStatus.DRAFT, CampaignStatus.SCHEDULED);
            if (n == 0) {
                Campaign current = find(x, accountId, id).orElseThrow(() -> ApiException.notFound("campaign"));
                if (!CampaignStatus.EDITABLE.contains(current.status())) {
                    throw ApiException.conflict("a " + current.status() + " campaign cannot be changed; duplicate it "
                            + "to write a new one");
                }
                throw ApiException.conflict("the campaign was changed meanwhile (version " + current.version()
                        + ", not " + version + "); reload it and apply your change again").with("version", current.version());
            }
            writeTags(x, accountId, id, c.tags());
            return null;
        });
    }

    /**
     * Moves a campaign from one of {@code from} to {@code to}, setting the given columns too.
     *
     * @return whether this call made the move
     */
    public boolean move(String accountId, String id, java.util.Collection<String> from, String to,
                        Map<String, Object> set, Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE nm_campaign SET status = ?, updated_at = ?, version = version + 1");
        List<Object> params = new ArrayList<>(List.of(to, now));
        for (Map.Entry<String, Object> e : set.entrySet()) {
            if (!e.getKey().matches("[a-z_]{1,30}")) {
                throw new IllegalArgumentException("not a column: " + e.getKey());
            }
            sql.append(", ").append(e.getKey()).append(" = ?");
            params.add(e.getValue());
        }
        sql.append(" WHERE account_id = ? AND id = ? AND status IN (").append(Jdbc.marks(from.size())).append(')');
        params.add(accountId);
        params.add(id);
        params.addAll(from);
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, sql.toString(), params.toArray())) == 1;
    }

    /**
     * Takes the start of a campaign for {@code owner} until {@code until}: a campaign in one of
     * {@code from} (or one already sending whose start was taken by a node that did not finish it in
     * time) becomes {@code sending} without a send yet. Only one caller on any node gets it.
     */
    public boolean claimStart(String accountId, String id, java.util.Collection<String> from, String owner,
                              Instant until, Instant now, String userId, String userEmail, boolean acknowledged) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_campaign SET status = ?, status_reason = NULL, start_owner = ?, start_until = ?,"
                + " scheduled_by_user = COALESCE(?, scheduled_by_user), scheduled_by_email = COALESCE(?, scheduled_by_email),"
                + " acknowledged = (acknowledged OR ?), version = version + 1, updated_at = ?"
                + " WHERE account_id = ? AND id = ? AND send_id IS NULL AND (status IN (" + Jdbc.marks(from.size()) + ")"
                + " OR (status = ? AND start_until < ?))",
                concat(java.util.Arrays.asList(CampaignStatus.SENDING, owner, until, userId, userEmail, acknowledged, now,
                        accountId, id),
                        from, List.of(CampaignStatus.SENDING, now)).toArray())) == 1;
    }

    /** Records the send a start made and releases the start. */
    public void started(String accountId, String id, String owner, String sendId, Instant now) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_campaign SET send_id = ?, started_at = ?, start_owner = NULL, start_until = NULL,"
                + " updated_at = ? WHERE account_id = ? AND id = ? AND start_owner = ?", sendId, now, now, accountId, id, owner));
    }

    /** Records that a start sent an A/B test's variants: the campaign waits for the winner. */
    public void testing(String accountId, String id, String owner, Instant now) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_campaign SET status = ?, started_at = ?, start_owner = NULL,"
                + " start_until = NULL, version = version + 1, updated_at = ? WHERE account_id = ? AND id = ? AND start_owner = ?",
                CampaignStatus.TESTING, now, now, accountId, id, owner));
    }

    /** Gives a start back: the campaign returns to {@code to} with the reason. */
    public void abandonStart(String accountId, String id, String owner, String to, String reason, Instant now) {
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_campaign SET status = ?, status_reason = ?, start_owner = NULL, start_until = NULL,"
                + " version = version + 1, updated_at = ? WHERE account_id = ? AND id = ? AND start_owner = ? AND send_id IS NULL",
                to, reason, now, accountId, id, owner));
    }

    /** Campaigns whose start is due: scheduled for now or earlier, or a start that a node left unfinished. */
    public List<Campaign> due(Instant now, int limit) {
        return jdbc.system(x -> Jdbc.list(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE (status = ? AND scheduled_at <= ?)"
                + " OR (status = ? AND send_id IS NULL AND start_until < ?) ORDER BY scheduled_at FETCH FIRST " + limit
                + " ROWS ONLY", CampaignStore::row, CampaignStatus.SCHEDULED, now, CampaignStatus.SENDING, now));
    }

    /** Campaigns whose send is under way, to follow its progress. */
    public List<Campaign> active(int limit) {
        return jdbc.system(x -> Jdbc.list(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE status IN (?, ?) AND send_id IS NOT NULL"
                + " ORDER BY updated_at FETCH FIRST " + limit + " ROWS ONLY", CampaignStore::row,
                CampaignStatus.SENDING, CampaignStatus.PAUSED));
    }

    public boolean delete(String accountId, String id, java.util.Collection<String> from) {
        return jdbc.inAccount(accountId, x -> {
            List<Object> params = concat(List.of(accountId, id), from, List.of());
            int n = Jdbc.update(x, "DELETE FROM nm_campaign WHERE account_id = ? AND id = ? AND status IN ("
                    + Jdbc.marks(from.size()) + ")", params.toArray());
            if (n == 1) {
                Jdbc.update(x, "DELETE FROM nm_campaign_tag WHERE account_id = ? AND campaign_id = ?", accountId, id);
            }
            return n == 1;
        });
    }

    /** One page of the account's campaigns, optionally filtered by words in name or subject, status and tag. */
    public io.neuromail.api.rest.Page<Campaign> list(String accountId, String query, String status, String tag,
                                                      String sort, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE c.account_id = ?");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (query != null && !query.isBlank()) {
            where.append(" AND (LOWER(c.name) LIKE ? ESCAPE '!' OR LOWER(c.subject) LIKE ? ESCAPE '!')");
            String like = "%" + query.strip().toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            params.add(like);
            params.add(like);
        }
        if (status != null && !status.isBlank()) {
            where.append(" AND c.status = ?");
            params.add(status);
        }
        if (tag != null && !tag.isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM nm_campaign_tag t WHERE t.account_id = c.account_id"
                    + " AND t.campaign_id = c.id AND t.tag = ?)");
            params.add(tag);
        }
        String order = SORTS.get(sort == null || sort.isBlank() ? "updated" : sort);
        return jdbc.inAccount(accountId, x -> {
            long total = Jdbc.count(x, "SELECT COUNT(*) FROM nm_campaign c" + where, params.toArray());
            List<Campaign> rows = Jdbc.list(x, "SELECT " + COLUMNS
                    + " FROM nm_campaign c" + where +  " ORDER BY " + order + ", id OFFSET " + page.offset()
                    + " ROWS FETCH NEXT " + page.size() + " ROWS ONLY", CampaignStore::row, params.toArray());
            Map<String, List<String>> tags = tags(x, accountId, rows.stream().map(Campaign::id).toList());
            return io.neuromail.api.rest.Page.of(rows.stream().map(r -> withTags(r, tags.getOrDefault(r.id(), List.of())))
                    .toList(), total, page);
        });
    }

    /** The account's tags, most used first. */
    public List<String> tags(String accountId) {
        return jdbc.inAccount(accountId, x -> Jdbc.list(x, "SELECT tag FROM nm_campaign_tag WHERE account_id = ? GROUP BY tag"
                + " ORDER BY COUNT(*) DESC, tag FETCH FIRST 200 ROWS ONLY", rs -> rs.getString(1), accountId));
    }

    /** The account's campaigns whose sends have these ids, by send id. */
    public Map<String, Campaign> bySends(String accountId, java.util.Collection<String> sendIds) {
        List<String> ids = sendIds.stream().distinct().toList();
        Map<String, Campaign> out = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            Object[] params = new Object[chunk.size() + 1];
            params[0] = accountId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 1] = chunk.get(i);
            }
            jdbc.inAccount(accountId, x -> Jdbc.list(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE account_id = ? AND send_id IN ("
                    + Jdbc.marks(chunk.size()) + ")", CampaignStore::row, params)).forEach(c -> out.put(c.sendId(), c));
        }
        return out;
    }

    /** The account's campaigns that started sending, the latest start first. */
    public List<Campaign> started(String accountId, int limit) {
        return jdbc.inAccount(accountId, x -> Jdbc.list(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE account_id = ? AND send_id IS NOT NULL"
                + " AND started_at IS NOT NULL ORDER BY started_at DESC, id FETCH FIRST " + limit + " ROWS ONLY",
                CampaignStore::row, accountId));
    }

    /** The account's campaigns in its public archive: sent or being sent, newest first. */
    public List<Campaign> archive(String accountId, int limit) {
        return jdbc.inAccount(accountId, x -> Jdbc.list(x, "SELECT " + COLUMNS + " FROM nm_campaign WHERE account_id = ? AND in_archive = ?"
                + " AND webview_enabled = ? AND started_at IS NOT NULL ORDER BY started_at DESC FETCH FIRST " + limit
                + " ROWS ONLY", CampaignStore::row, accountId, true, true));
    }

    private static Map<String, List<String>> tags(Connection x, String accountId, List<String> ids) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Object> params = concat(List.of(accountId), ids, List.of());
        for (String[] pair : Jdbc.list(x, "SELECT campaign_id, tag FROM nm_campaign_tag WHERE account_id = ? AND campaign_id IN ("
                + Jdbc.marks(ids.size()) + ") ORDER BY tag", rs -> new String[] {rs.getString(1), rs.getString(2)},
                params.toArray())) {
            out.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        return out;
    }

    private static void writeTags(Connection x, String accountId, String id, List<String> tags) throws SQLException {
        Jdbc.update(x, "DELETE FROM nm_campaign_tag WHERE account_id = ? AND campaign_id = ?", accountId, id);
        for (String tag : tags) {
            Jdbc.update(x, "INSERT INTO nm_campaign_tag (account_id, campaign_id, tag) VALUES (?, ?, ?)", accountId, id, tag);
        }
    }

    private static Campaign withTags(Campaign c, List<String> tags) {
        return new Campaign(c.id(), c.accountId(), c.name(), c.status(), c.statusReason(), c.subject(), c.preheader(),
                c.from(), c.fromName(), c.replyTo(), c.html(), c.text(), c.textFromHtml(), c.sanitiserNotes(),
                c.senderName(), c.inlineCss(), c.audience(), c.scheduledAt(), c.scheduleZone(), c.scheduledByUser(),
                c.scheduledByEmail(), c.acknowledged(), c.sendId(), c.startedAt(), c.sentAt(), c.webviewEnabled(),
                c.webviewToken(), c.inArchive(), c.tracking(), c.version(), c.createdBy(), c.createdAt(), c.updatedAt(),
                tags);
    }

    static Campaign row(ResultSet rs) throws SQLException {
        return new Campaign(rs.getString("id"), rs.getString("account_id"), rs.getString("name"), rs.getString("status"),
                rs.getString("status_reason"), rs.getString("subject"), rs.getString("preheader"),
                rs.getString("from_address"), rs.getString("from_name"), rs.getString("reply_to"),
                rs.getString("body_html"), rs.getString("body_text"), rs.getBoolean("text_from_html"),
                read(rs.getString("sanitiser_notes"), new TypeReference<List<String>>() { }, List.of()),
                rs.getString("sender_name"), rs.getBoolean("inline_css"),
                read(rs.getString("audience"), new TypeReference<Audience>() { }, Audience.empty()),
                Jdbc.instant(rs, "scheduled_at"), rs.getString("schedule_zone"), rs.getString("scheduled_by_user"),
                rs.getString("scheduled_by_email"), rs.getBoolean("acknowledged"), rs.getString("send_id"),
                Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "sent_at"), rs.getBoolean("webview_enabled"),
                rs.getString("webview_token"), rs.getBoolean("in_archive"), rs.getBoolean("tracking"),
                rs.getInt("version"), rs.getString("created_by"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"), List.of());
    }

    static String json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type, T absent) {
        if (json == null || json.isBlank()) {
            return absent;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored campaign value is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Object> concat(List<?> a, java.util.Collection<?> b, List<?> c) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }
}
