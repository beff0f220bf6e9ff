package io.neuromail.delivery.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.billing.Limit;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.delivery.internal.Views.DeliveryView;
import io.neuromail.delivery.internal.Views.SendView;

/**
 * Sends and their ledger rows as the API sees them. Every query of an account's data names the
 * account id the caller authenticated with, so another account's send is simply not found.
 */
public final class SendStore {

    /** A recipient of a new send with its merge fields (as JSON, may be null). */
    public record NewRecipient(String email, String personalisationJson) {
    }

    /** A created send and its rows' ids, in recipient order. */
    public record Created(String sendId, List<String> deliveryIds) {
    }

    private static final String DELIVERY_COLUMNS = "id, send_id, recipient, state, provider_id, sender_name, attempts, "
            + "next_attempt_at, last_error, created_at, updated_at";

    private final Jdbc jdbc;
    /** The plans' limits; none while it is null (no billing bundle). */
    private volatile AccountLimits limits;

    public SendStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The plans' limits that sends are held to from now on. */
    synchronized void limits(AccountLimits limits) {
        this.limits = limits;
    }

    /** No plans' limits any more, unless another service has replaced {@code gone} already. */
    synchronized void limitsGone(AccountLimits gone) {
        if (limits == gone) {
            limits = null;
        }
    }

    /**
     * Counts {@code emails} new messages to the account's month in the transaction that creates their
     * rows, and refuses them (the plan's {@code 402}, which rolls the creation back) when the month's
     * count would pass the plan. The row of the month is locked by the update, so concurrent sends of
     * an account are counted one after the other.
     */
    private void countEmails(Connection c, String accountId, long emails, long now) throws SQLException {
        if (emails <= 0) {
            return;
        }
        String month = month(now);
        Jdbc.update(c, jdbc.postgres()
                ? "INSERT INTO nm_delivery_usage (account_id, usage_month, emails) VALUES (?, ?, 0) ON CONFLICT DO NOTHING"
                : "MERGE INTO nm_delivery_usage u USING (SELECT CAST(? AS VARCHAR(36)) a, CAST(? AS VARCHAR(7)) m) s "
                        + "ON (u.account_id = s.a AND u.usage_month = s.m) "
                        + "WHEN NOT MATCHED THEN INSERT (account_id, usage_month, emails) VALUES (s.a, s.m, 0)", accountId, month);
        Jdbc.update(c, "UPDATE nm_delivery_usage SET emails = emails + ? WHERE account_id = ? AND usage_month = ?", emails,
                accountId, month);
        AccountLimits plan = limits;
        OptionalLong allowed = plan == null ? OptionalLong.empty() : plan.limit(accountId, Limit.EMAILS_PER_MONTH);
        if (allowed.isPresent()) {
            long used = Jdbc.count(c, "SELECT emails FROM nm_delivery_usage WHERE account_id = ? AND usage_month = ?",
                    accountId, month);
            if (used > allowed.getAsLong()) {
                throw AccountLimits.exceeded(Limit.EMAILS_PER_MONTH, used - emails, emails, allowed.getAsLong());
            }
        }
    }

    /** The e-mails accepted for the account in the calendar month (UTC) of {@code now}. */
    public long emailsInMonth(String accountId, long now) {
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT emails FROM nm_delivery_usage WHERE account_id = ? AND usage_month = ?",
                rs -> rs.getLong(1), accountId, month(now)).orElse(0L));
    }

    private static String month(long now) {
        return java.time.YearMonth.from(Instant.ofEpochMilli(now).atZone(java.time.ZoneOffset.UTC)).toString();
    }

    /**
     * What a new send is made of.
     *
     * @param verdict     the content filters' decision it was admitted with (null for system mail)
     * @param verdictJson the verdict as the API shows it ({@link Views.VerdictView} as JSON), may be null
     * @param language    {@link SendContent#LIQUID} when its texts are Liquid templates filled from each
     *                    row's merge fields; {@code null} when they are sent as they are
     */
    public record NewSendContent(String kind, String from, String fromName, String replyTo, String subject,
                                 String text, String html, String verdict, String verdictJson, String language) {

        /** Content sent as it is (system and transactional mail). */
        public NewSendContent(String kind, String from, String fromName, String replyTo, String subject, String text,
                              String html, String verdict, String verdictJson) {
            this(kind, from, fromName, replyTo, subject, text, html, verdict, verdictJson, null);
        }
    }

    /**
     * Creates a running send with one row per recipient (recipients must be distinct): queued, or
     * {@code suppressed} for the addresses in {@code suppressed}, which are never handed off. The rows
     * are written, and later sent, in the order of their addresses, with ids that grow in that order:
     * each index of the ledger then holds a send's rows side by side, so a batch of them changes a
     * few index pages, not one per row. Answers the ids in the order of {@code recipients}.
     */
    public Created create(String accountId, NewSendContent send, List<NewRecipient> recipients,
                          java.util.Set<String> suppressed, long now) {
        String sendId = UUID.randomUUID().toString();
        Integer[] order = new Integer[recipients.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> recipients.get(i).email()));
        String[] ids = new String[recipients.size()];
        jdbc.inAccount(accountId, c -> {
            Jdbc.update(c, "INSERT INTO nm_delivery_send (id, account_id, kind, state, from_address, from_name, reply_to, "
                    + "subject, body_text, body_html, total, bounces, transient_bounces, complaints, verdict, verdict_json, "
                    + "template_language, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, "
                    + "?, ?, ?, ?, ?)",
                    sendId, accountId, send.kind(), send.from(), send.fromName(), send.replyTo(), send.subject(),
                    send.text(), send.html(), recipients.size(), send.verdict(), send.verdictJson(), send.language(),
                    now, now);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nm_delivery (id, account_id, send_id, recipient, "
                    + "personalisation, state, attempts, next_attempt_at, last_error, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")) {
                int pending = 0;
                for (int i : order) {
                    NewRecipient r = recipients.get(i);
                    ids[i] = OrderedIds.next();
                    boolean isSuppressed = suppressed.contains(r.email());
                    Jdbc.bind(ps, ids[i], accountId, sendId, r.email(), r.personalisationJson(),
                            isSuppressed ? DeliveryState.SUPPRESSED : DeliveryState.QUEUED, now,
                            isSuppressed ? SUPPRESSED_AT_CREATION : null, now, now);
                    ps.addBatch();
                    if (++pending == 500) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            if (!SendKind.SYSTEM.equals(send.kind())) {
                countEmails(c, accountId, recipients.stream().filter(r -> !suppressed.contains(r.email())).count(), now);
            }
            return null;
        });
        return new Created(sendId, List.of(ids));
    }

    /** Why a row was suppressed when its send was created. */
    static final String SUPPRESSED_AT_CREATION = "on the suppression list when the send was created";

    /** The template of a send, whatever its account (workers). */
    public Optional<SendContent> content(String sendId) {
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, account_id, kind, from_address, from_name, reply_to, "
                    + "subject, body_text, body_html, template_language, preheader, constants_json, sender_choice, "
                    + "tracked, links_json FROM nm_delivery_send WHERE id = ?")) {
                ps.setString(1, sendId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new SendContent(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), constants(rs.getString(12)),
                            rs.getString(13), rs.getBoolean(14), links(rs.getString(15))))
                            : Optional.empty();
                }
            }
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static Map<String, String> constants(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the constants of a send are not readable: " + e.getMessage(), e);
        }
    }

    private static List<String> links(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the links of a send are not readable: " + e.getMessage(), e);
        }
    }

    private static String linksJson(List<String> links) {
        try {
            return links == null || links.isEmpty() ? null : JSON.writeValueAsString(links);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String constantsJson(Map<String, String> constants) {
        try {
            return constants.isEmpty() ? null : JSON.writeValueAsString(constants);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A marketing send written in Liquid.
     *
     * @param kind    {@link SendKind#CAMPAIGN} or {@link SendKind#TEST}
     * @param tracked whether its messages carry an open pixel and click links; {@code html} is then the
     *                template with its links as merge tags and {@code links} their addresses ({@link TrackedHtml})
     */
    public record NewMarketingSend(String kind, String from, String fromName, String replyTo, String subject,
                                   String preheader, String text, String html, Map<String, String> constants,
                                   String senderChoice, String source, String verdict, String verdictJson,
                                   boolean tracked, List<String> links) {
    }

    /**
     * Creates a running Liquid send whose rows are the recipients of {@code audience} ({@code SELECT}
     * with the columns {@code contact_id} and {@code email}, each address once), copied in one
     * {@code INSERT ... SELECT} inside the database: no recipient is read into this process. Nothing is
     * created when the audience is empty.
     *
     * @return the send's id and its number of rows, or empty when the audience has no recipient
     */
    public Optional<Map.Entry<String, Long>> createFromAudience(String accountId, NewMarketingSend send, String audienceSql,
                                                             List<Object> audienceParameters, long now) {
        for (int attempt = 1; ; attempt++) {
            Optional<Map.Entry<String, Long>> made = byStartKey(accountId, startKey(send));
            if (made.isPresent()) {
                // This source started its send already (another node took over a start): that send is the answer.
                return made;
            }
            try {
                return createFromAudienceOnce(accountId, send, audienceSql, audienceParameters, now);
            } catch (io.neuromail.api.persistence.DataAccessException e) {
                // The ids' random part met another send's (see below), or the same source's send was made
                // meanwhile (found at the top): once more.
                if (attempt == 3 || !uniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private Optional<Map.Entry<String, Long>> createFromAudienceOnce(String accountId, NewMarketingSend send,
                                                                  String audienceSql, List<Object> audienceParameters,
                                                                  long now) {
        String sendId = UUID.randomUUID().toString();
        // Row ids: the first 24 characters of a fresh version 7 UUID (its time, its counter and 14 random
        // bits), then the row's rank by address as 12 digits. They are unique within the send, grow in
        // address order as the rows of other sends do (OrderedIds), so the ledger's indexes get the
        // send's rows side by side and the claims take them in that order, on H2 and PostgreSQL alike.
        String prefix = OrderedIds.next().substring(0, 24);
        List<Object> params = new ArrayList<>();
        params.add(prefix);
        params.add(accountId);
        params.add(sendId);
        params.add(now);
        params.add(now);
        params.add(now);
        params.addAll(audienceParameters);
        return jdbc.inAccount(accountId, c -> {
            insertSend(c, sendId, accountId, send, now);
            long inserted;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nm_delivery (id, account_id, send_id, recipient, "
                    + "contact_id, state, attempts, next_attempt_at, created_at, updated_at) SELECT CAST(? AS VARCHAR(24)) "
                    + "|| LPAD(CAST(ROW_NUMBER() OVER (ORDER BY r.email) AS VARCHAR(12)), 12, '0'), ?, ?, r.email, "
                    + "r.contact_id, 'queued', 0, ?, ?, ? FROM (" + audienceSql + ") r")) {
                ps.setQueryTimeout(AUDIENCE_COPY_SECONDS);
                Jdbc.bind(ps, params.toArray());
                inserted = ps.executeUpdate();
            }
            if (inserted == 0) {
                c.rollback();
                return Optional.empty();
            }
            Jdbc.update(c, "UPDATE nm_delivery_send SET total = ? WHERE id = ? AND account_id = ?", inserted, sendId,
                    accountId);
            countEmails(c, accountId, inserted, now);
            return Optional.of(Map.entry(sendId, inserted));
        });
    }

    /** The longest the copy of an audience into the ledger may take. */
    static final int AUDIENCE_COPY_SECONDS = 600;

    /** A row of a test send: where it goes and whose values it renders (may be null). */
    public record TestRow(String email, String contactId) {
    }

    /** Creates a running Liquid test send with one row per address (distinct, at most a few). */
    public Created createTest(String accountId, NewMarketingSend send, List<TestRow> rows, long now) {
        String sendId = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        jdbc.inAccount(accountId, c -> {
            insertSend(c, sendId, accountId, send, now);
            Jdbc.update(c, "UPDATE nm_delivery_send SET total = ? WHERE id = ? AND account_id = ?", rows.size(), sendId,
                    accountId);
            for (TestRow row : rows) {
                String id = OrderedIds.next();
                ids.add(id);
                Jdbc.update(c, "INSERT INTO nm_delivery (id, account_id, send_id, recipient, contact_id, state, attempts, "
                        + "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)", id,
                        accountId, sendId, row.email(), row.contactId(), now, now, now);
            }
            countEmails(c, accountId, rows.size(), now);
            return null;
        });
        return new Created(sendId, List.copyOf(ids));
    }

    /** The key that makes a send to an audience once per source; tests and sends without a source have none. */
    private static String startKey(NewMarketingSend send) {
        return SendKind.CAMPAIGN.equals(send.kind()) && send.source() != null && !send.source().isBlank()
                ? send.source() : null;
    }

    /** The send (id and rows) an earlier start of this key made, if any. */
    private Optional<Map.Entry<String, Long>> byStartKey(String accountId, String startKey) {
        if (startKey == null) {
            return Optional.empty();
        }
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT id, total FROM nm_delivery_send WHERE account_id = ? AND start_key = ?",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), accountId, startKey));
    }

    private static void insertSend(Connection c, String sendId, String accountId, NewMarketingSend send, long now)
            throws SQLException {
        Jdbc.update(c, "INSERT INTO nm_delivery_send (id, account_id, kind, state, from_address, from_name, reply_to, "
                + "subject, body_text, body_html, total, bounces, transient_bounces, complaints, verdict, verdict_json, "
                + "template_language, preheader, constants_json, sender_choice, source, start_key, tracked, links_json, "
                + "created_at, updated_at) "
                + "VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sendId, accountId, send.kind(), send.from(), send.fromName(), send.replyTo(), send.subject(), send.text(),
                send.html(), send.verdict(), send.verdictJson(), SendContent.LIQUID, send.preheader(),
                constantsJson(send.constants()), send.senderChoice(), send.source(), startKey(send), send.tracked(),
                linksJson(send.links()), now, now);
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ledger rows with these ids, whatever their account (the ids come from signed tracking
     * tokens): account, send, contact, address, and when the sender accepted the message.
     */
    public Map<String, io.neuromail.delivery.api.TrackingLinks.Message> messages(java.util.Collection<String> deliveryIds) {
        List<String> ids = deliveryIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, io.neuromail.delivery.api.TrackingLinks.Message> found = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.system(c -> Jdbc.list(c, "SELECT id, account_id, send_id, contact_id, recipient, state, updated_at "
                    + "FROM nm_delivery WHERE id IN (" + Jdbc.marks(chunk.size()) + ")", rs -> new io.neuromail.delivery.api.TrackingLinks.Message(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    DeliveryState.SENT.equals(rs.getString(6)) ? rs.getLong(7) : null), chunk.toArray()))
                    .forEach(m -> found.put(m.deliveryId(), m));
        }
        return found;
    }

    /** The addresses of the account's rows of a send with these ids, by id. */
    public Map<String, String> recipients(String accountId, String sendId, java.util.Collection<String> deliveryIds) {
        List<String> ids = deliveryIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, String> found = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            Object[] params = new Object[chunk.size() + 2];
            params[0] = accountId;
            params[1] = sendId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 2] = chunk.get(i);
            }
            jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT id, recipient FROM nm_delivery WHERE account_id = ? AND send_id = ? AND id IN ("
                    + Jdbc.marks(chunk.size()) + ")", rs -> new String[] {rs.getString(1), rs.getString(2)}, params))
                    .forEach(r -> found.put(r[0], r[1]));
        }
        return found;
    }

    /**
     * A send by the domain of its recipients' addresses: the {@code limit} domains with the most
     * messages, with what was sent and what the provider reported back. Like a settled send's counts
     * (see {@link #find}), those of a send that finished over a minute ago are kept for a minute, as
     * long as nothing about the send changes (its state, its time, its bounces and complaints).
     */
    public List<io.neuromail.delivery.api.MarketingSends.DomainProgress> domains(String accountId, String sendId,
                                                                                int limit, long now) {
        return jdbc.inAccount(accountId, c -> {
            Optional<Object[]> send = Jdbc.one(c, "SELECT state, finished_at, updated_at, bounces, transient_bounces, "
                    + "complaints FROM nm_delivery_send WHERE id = ? AND account_id = ?", rs -> new Object[] {
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)},
                    sendId, accountId);
            if (send.isEmpty()) {
                return List.<io.neuromail.delivery.api.MarketingSends.DomainProgress>of();
            }
            Object[] s = send.get();
            if (!settled((String) s[0], (Long) s[1], now)) {
                return domains(c, accountId, sendId, limit);
            }
            String version = s[0] + "/" + s[2] + "/" + s[3] + "/" + s[4] + "/" + s[5] + "/" + limit;
            return keptOrRead(settledDomains, c, sendId, version, now, conn -> domains(conn, accountId, sendId, limit));
        });
    }

    /** Figures by domain of settled sends (see {@link #settled}). */
    private final Map<String, Kept<List<io.neuromail.delivery.api.MarketingSends.DomainProgress>>> settledDomains =
            keptForSettledSends();

    private List<io.neuromail.delivery.api.MarketingSends.DomainProgress> domains(Connection c, String accountId,
                                                                                 String sendId, int limit)
            throws SQLException {
        // Addresses are stored with their domain in lower case (EmailAddress): the part after the '@'.
        String domain = jdbc.postgres() ? "SUBSTR(recipient, STRPOS(recipient, '@') + 1)"
                : "SUBSTRING(recipient, LOCATE('@', recipient) + 1)";
        List<Object[]> top = Jdbc.list(c, "SELECT " + domain + " AS d, COUNT(*), SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) "
                + "FROM nm_delivery WHERE account_id = ? AND send_id = ? GROUP BY " + domain + " ORDER BY 2 DESC, 1 "
                + "FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)}, DeliveryState.SENT, accountId, sendId);
        Map<String, long[]> feedback = new java.util.HashMap<>();
        if (!top.isEmpty()) {
            List<Object> params = new ArrayList<>(List.of(accountId, sendId));
            top.forEach(t -> params.add(t[0]));
            for (Object[] f : Jdbc.list(c, "SELECT " + domain + ", kind, COUNT(*) FROM nm_delivery_feedback "
                    + "WHERE account_id = ? AND send_id = ? AND " + domain + " IN (" + Jdbc.marks(top.size()) + ") "
                    + "GROUP BY " + domain + ", kind", rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)},
                    params.toArray())) {
                long[] counts = feedback.computeIfAbsent((String) f[0], k -> new long[3]);
                switch ((String) f[1]) {
                    case io.neuromail.delivery.internal.feedback.FeedbackLedger.BOUNCE_PERMANENT -> counts[0] += (Long) f[2];
                    case io.neuromail.delivery.internal.feedback.FeedbackLedger.BOUNCE_TRANSIENT -> counts[1] += (Long) f[2];
                    case io.neuromail.delivery.internal.feedback.FeedbackLedger.COMPLAINT -> counts[2] += (Long) f[2];
                    default -> { }
                }
            }
        }
        List<io.neuromail.delivery.api.MarketingSends.DomainProgress> out = new ArrayList<>();
        for (Object[] t : top) {
            long[] f = feedback.getOrDefault((String) t[0], new long[3]);
            out.add(new io.neuromail.delivery.api.MarketingSends.DomainProgress((String) t[0], (Long) t[1], (Long) t[2],
                    f[0], f[1], f[2]));
        }
        return List.copyOf(out);
    }

    /** The account's marketing messages to a contact (not test sends), newest first. */
    public List<io.neuromail.delivery.api.MarketingSends.ContactMessage> messagesOf(String accountId, String contactId,
                                                                                   int limit) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT d.send_id, d.id, d.state, d.updated_at FROM nm_delivery d "
                + "JOIN nm_delivery_send s ON s.id = d.send_id WHERE d.account_id = ? AND d.contact_id = ? AND s.kind = ? "
                + "ORDER BY d.created_at DESC, d.id FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new io.neuromail.delivery.api.MarketingSends.ContactMessage(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getLong(4)), accountId, contactId, SendKind.CAMPAIGN));
    }

    /**
     * A condition on a contact (alias {@code c}, run by the contacts bundle): a sender took a marketing
     * message of the account to it, of one of {@code sendIds} (any campaign send when empty), queued at
     * or after {@code since} (when given). Reads through {@code ix_delivery_contact}.
     */
    static SqlCondition sentTo(String accountId, java.util.Collection<String> sendIds, Instant since) {
        StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM nm_delivery d");
        List<Object> params = new ArrayList<>();
        if (sendIds.isEmpty()) {
            sql.append(" JOIN nm_delivery_send s ON s.id = d.send_id AND s.account_id = d.account_id AND s.kind = ?");
            params.add(SendKind.CAMPAIGN);
        }
        sql.append(" WHERE d.account_id = ? AND d.contact_id = c.id AND d.state IN (?, ?)");
        params.addAll(List.of(accountId, DeliveryState.HANDED_OFF, DeliveryState.SENT));
        if (!sendIds.isEmpty()) {
            sql.append(" AND d.send_id IN (").append(Jdbc.marks(sendIds.size())).append(')');
            params.addAll(sendIds);
        }
        if (since != null) {
            sql.append(" AND d.created_at >= ?");
            params.add(since.toEpochMilli());
        }
        return new SqlCondition(sql.append(')').toString(), params);
    }

    /** The kind of a row's send and what its unsubscribe link names. */
    public record KindAndTarget(String kind, io.neuromail.delivery.api.Unsubscribes.Target target) {
    }

    /** The send kind and unsubscribe target of a ledger row, whatever its account (the row id comes from a signed token). */
    public Optional<KindAndTarget> unsubscribeTarget(String deliveryId) {
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.account_id, d.send_id, d.id, d.recipient, "
                    + "s.from_address, s.from_name, s.kind FROM nm_delivery d JOIN nm_delivery_send s ON s.id = d.send_id "
                    + "WHERE d.id = ?")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new KindAndTarget(rs.getString(7),
                            new io.neuromail.delivery.api.Unsubscribes.Target(rs.getString(1), rs.getString(2),
                                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))))
                            : Optional.empty();
                }
            }
        });
    }

    /** How many campaign and test sends the account has. */
    public long count(String accountId) {
        return jdbc.inAccount(accountId, c -> count(c, "SELECT COUNT(*) FROM nm_delivery_send WHERE account_id = ? AND kind <> 'transactional'",
                accountId));
    }

    /** The account's sends, newest first. */
    public List<SendView> list(String accountId, int limit, long offset, long now) {
        List<String> ids = jdbc.inAccount(accountId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM nm_delivery_send WHERE account_id = ? "
                    + "AND kind <> 'transactional' ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                Jdbc.bind(ps, accountId, limit, offset);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        List<SendView> views = new ArrayList<>();
        for (String id : ids) {
            find(accountId, id, now).ifPresent(views::add);
        }
        return views;
    }

    /** One send of the account with its counts, rate and ETA. */
    public Optional<SendView> find(String accountId, String sendId, long now) {
        return jdbc.inAccount(accountId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, state, state_reason, sender_name, from_address, "
                    + "subject, total, bounces, transient_bounces, complaints, created_at, finished_at, reply_to, "
                    + "verdict_json, updated_at FROM nm_delivery_send WHERE id = ? AND account_id = ?")) {
                Jdbc.bind(ps, sendId, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long finished = rs.getLong(13);
                    Instant finishedAt = rs.wasNull() || finished == 0 ? null : Instant.ofEpochMilli(finished);
                    // A send that finished over a minute ago sends nothing more: its counts come from the cache.
                    boolean settled = settled(rs.getString(3), finishedAt == null ? 0 : finished, now);
                    Map<String, Long> counts = settled
                            ? settledCounts(c, sendId, rs.getString(3) + "/" + rs.getLong(16), now) : counts(c, sendId);
                    long recent = settled ? 0 : count(c, "SELECT COUNT(*) FROM nm_delivery WHERE send_id = ? AND state = 'sent' "
                            + "AND updated_at >= ?", sendId, now - RATE_WINDOW_MILLIS);
                    double rate = recent / 60.0;
                    long pending = counts.get(DeliveryState.QUEUED) + counts.get(DeliveryState.HANDED_OFF);
                    Long eta = pending == 0 ? Long.valueOf(0) : rate > 0 ? Long.valueOf(Math.round(pending / rate)) : null;
                    return Optional.of(new SendView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(14), rs.getString(7), rs.getInt(8), counts,
                            rate, eta, rs.getInt(9), rs.getInt(10), rs.getInt(11), Instant.ofEpochMilli(rs.getLong(12)),
                            finishedAt, Verdicts.read(rs.getString(15))));
                }
            }
        });
    }

    /** The window of the sending rate. */
    private static final long RATE_WINDOW_MILLIS = 60_000;
    /** How long the counts of a settled send are kept; a late answer that settles an uncertain message shows within it. */
    static final long SETTLED_COUNTS_MILLIS = 60_000;
    private static final int SETTLED_COUNTS_KEPT = 2_000;

    /** What was read of a settled send, the version of its row it was read at, and until when it is used. */
    private record Kept<V>(String version, long until, V value) {
    }

    /**
     * Counts of sends that finished or were cancelled. Counting a send's rows costs a scan of them (a
     * second for ten million); a report or the start page asks for the same sends again and again.
     * Any action on the send (resume, resend) changes its row's state or time and so the version.
     */
    private final Map<String, Kept<Map<String, Long>>> settled = keptForSettledSends();

    /** Whether a send finished or was cancelled over a minute ago ({@code finishedAt} 0: not finished). */
    private static boolean settled(String state, long finishedAt, long now) {
        return finishedAt > 0 && finishedAt < now - RATE_WINDOW_MILLIS && Set.of("finished", "cancelled").contains(state);
    }

    /** What is kept per settled send, the least recently used dropped beyond {@link #SETTLED_COUNTS_KEPT}. */
    private static <V> Map<String, V> keptForSettledSends() {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > SETTLED_COUNTS_KEPT;
            }
        });
    }

    private Map<String, Long> settledCounts(Connection c, String sendId, String version, long now) throws SQLException {
        return keptOrRead(settled, c, sendId, version, now,
                conn -> java.util.Collections.unmodifiableMap(counts(conn, sendId)));
    }

    /**
     * What is kept of a settled send while its row is at the same version and its minute is not over;
     * otherwise read again and kept.
     */
    private static <V> V keptOrRead(Map<String, Kept<V>> kept, Connection c, String sendId, String version, long now,
                                    Jdbc.Work<V> read) throws SQLException {
        Kept<V> k = kept.get(sendId);
        if (k != null && k.version().equals(version) && k.until() > now) {
            return k.value();
        }
        V value = read.run(c);
        kept.put(sendId, new Kept<>(version, now + SETTLED_COUNTS_MILLIS, value));
        return value;
    }

    private static Map<String, Long> counts(Connection c, String sendId) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        DeliveryState.ALL.forEach(s -> counts.put(s, 0L));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state, COUNT(*) FROM nm_delivery WHERE send_id = ? GROUP BY state")) {
            ps.setString(1, sendId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The account's rows of a send, filtered by state and by a part of the address. */
    public Page<DeliveryView> deliveries(String accountId, String sendId, String state, String query, PageRequest request) {
        StringBuilder where = new StringBuilder(" WHERE account_id = ? AND send_id = ?");
        List<Object> args = new ArrayList<>(List.of(accountId, sendId));
        if (state != null && !state.isBlank()) {
            where.append(" AND state = ?");
            args.add(state);
        }
        if (query != null && !query.isBlank()) {
            where.append(" AND LOWER(recipient) LIKE ? ESCAPE '!'");
            args.add("%" + query.toLowerCase().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return jdbc.inAccount(accountId, c -> {
            long total = count(c, "SELECT COUNT(*) FROM nm_delivery" + where, args.toArray());
            List<Object> paged = new ArrayList<>(args);
            paged.add(request.size());
            paged.add(request.offset());
            List<DeliveryView> items = deliveryViews(c, "SELECT " + DELIVERY_COLUMNS + " FROM nm_delivery" + where
                    + " ORDER BY recipient, id LIMIT ? OFFSET ?", paged.toArray());
            return Page.of(items, total, request);
        });
    }

    /** One row of the account. */
    public Optional<DeliveryView> delivery(String accountId, String deliveryId) {
        return jdbc.inAccount(accountId, c -> deliveryViews(c, "SELECT " + DELIVERY_COLUMNS + " FROM nm_delivery WHERE id = ? "
                + "AND account_id = ?", deliveryId, accountId).stream().findFirst());
    }

    private static List<DeliveryView> deliveryViews(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<DeliveryView> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DeliveryView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), Instant.ofEpochMilli(rs.getLong(8)),
                            rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11))));
                }
                return out;
            }
        }
    }

    /** Moves the account's send from one of {@code from} to {@code to}; answers whether it did. */
    public boolean transition(String accountId, String sendId, List<String> from, String to, String reason, long now) {
        String placeholders = String.join(", ", from.stream().map(s -> "?").toList());
        List<Object> args = new ArrayList<>(List.of(to, reason == null ? "" : reason, now, sendId, accountId));
        args.addAll(from);
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_delivery_send SET state = ?, state_reason = NULLIF(?, ''), updated_at = ?, "
                + "finished_at = NULL WHERE id = ? AND account_id = ? AND state IN (" + placeholders + ")",
                args.toArray())) == 1;
    }

    /** Cancels the account's send: rows still queued are cancelled in the same transaction. */
    public boolean cancel(String accountId, String sendId, long now) {
        return jdbc.inAccount(accountId, c -> {
            int updated = Jdbc.update(c, "UPDATE nm_delivery_send SET state = 'cancelled', state_reason = NULL, "
                    + "updated_at = ?, finished_at = ? WHERE id = ? AND account_id = ? "
                    + "AND state IN ('running', 'paused', 'auto-paused')", now, now, sendId, accountId);
            if (updated == 1) {
                Jdbc.update(c, "UPDATE nm_delivery SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, "
                        + "updated_at = ? WHERE send_id = ? AND state = 'queued'", now, sendId);
            }
            return updated == 1;
        });
    }

    /**
     * Queues the account's rows of a send that are in {@code state} (failed or uncertain) again, on
     * purpose, and runs the send again if it had finished. Never queued again: rows the provider
     * rejected permanently, rows with a hard bounce or a complaint, and rows whose address is on the
     * suppression list now ({@code suppressed} answers which of some addresses are; those rows become
     * {@code suppressed}). Answers how many rows were queued.
     */
    public int requeue(String accountId, String sendId, String state, long now,
                       java.util.function.Function<List<String>, java.util.Set<String>> suppressed) {
        List<String[]> candidates = jdbc.inAccount(accountId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.recipient FROM nm_delivery d "
                    + "WHERE d.send_id = ? AND d.account_id = ? AND d.state = ? "
                    + "AND (d.last_error IS NULL OR d.last_error NOT LIKE ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM nm_delivery_feedback f WHERE f.delivery_id = d.id "
                    + "AND f.account_id = d.account_id AND f.kind IN (?, ?))")) {
                Jdbc.bind(ps, sendId, accountId, state, REJECTED + "%",
                        io.neuromail.delivery.internal.feedback.FeedbackLedger.BOUNCE_PERMANENT,
                        io.neuromail.delivery.internal.feedback.FeedbackLedger.COMPLAINT);
                List<String[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                return out;
            }
        });
        List<String> requeue = new ArrayList<>(candidates.size());
        List<String> suppress = new ArrayList<>();
        for (int from = 0; from < candidates.size(); from += 1000) {
            List<String[]> chunk = candidates.subList(from, Math.min(candidates.size(), from + 1000));
            java.util.Set<String> out = suppressed.apply(chunk.stream().map(r -> r[1]).toList());
            chunk.forEach(r -> (out.contains(r[1]) ? suppress : requeue).add(r[0]));
        }
        return jdbc.inAccount(accountId, c -> {
            int queued = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE nm_delivery SET state = ?, attempts = 0, "
                    + "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ? "
                    + "WHERE id = ? AND account_id = ? AND state = ?")) {
                for (String id : suppress) {
                    Jdbc.bind(ps, DeliveryState.SUPPRESSED, now, SUPPRESSED_AT_RESEND, now, id, accountId, state);
                    ps.addBatch();
                }
                ps.executeBatch();
                for (String id : requeue) {
                    Jdbc.bind(ps, DeliveryState.QUEUED, now, null, now, id, accountId, state);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    queued += Math.max(n, 0);
                }
            }
            if (queued > 0) {
                Jdbc.update(c, "UPDATE nm_delivery_send SET state = 'running', state_reason = NULL, finished_at = NULL, "
                        + "updated_at = ? WHERE id = ? AND account_id = ? AND state = 'finished'", now, sendId, accountId);
            }
            return queued;
        });
    }

    /** How a row that the provider refused for good starts its error: such rows are never resent. */
    public static final String REJECTED = "rejected by the provider: ";
    static final String SUPPRESSED_AT_RESEND = "on the suppression list when the send was resent";

    /** Notes which sender the send's latest messages went through. */
    public void senderUsed(String sendId, String senderName) {
        jdbc.update("UPDATE nm_delivery_send SET sender_name = ? WHERE id = ? AND (sender_name IS NULL OR sender_name <> ?)",
                senderName, sendId, senderName);
    }
}
