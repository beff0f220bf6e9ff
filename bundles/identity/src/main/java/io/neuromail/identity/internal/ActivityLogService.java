package io.neuromail.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.Page;
import io.neuromail.api.security.Caller;
import io.neuromail.identity.internal.Views.ActivityView;
import io.neuromail.identity.internal.Views.SignInView;
import io.neuromail.identity.internal.chain.ActivityChain;
import io.neuromail.identity.internal.chain.ChainTables;
import io.neuromail.identity.internal.jpa.ActivityEntity;

/**
 * The account's activity log: every bundle records its state changes here ({@link ActivityLog}), and
 * the account reads them back, newest first, by type and subject.
 */
@Component(service = {ActivityLogService.class, ActivityLog.class})
public class ActivityLogService implements ActivityLog {

    /** The largest page of the activity log. */
    public static final int MAX_ACTIVITY_PAGE = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ActivityLogService.class);
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** The most sign-ins {@link #signIns} answers. */
    public static final int MAX_SIGN_INS = 100;
    private static final Map<String, String> SIGN_IN_RESULTS = Map.of("auth.login.succeeded", "succeeded",
            "auth.login.failed", "failed", "auth.login.throttled", "throttled");
    private static final String WRONG_CODE = "auth.2fa.failed";

    private final PersistenceUnit db;
    private final Jdbc jdbc;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public ActivityLogService(@Reference IdentityDatabase database) {
        this(database, Clock.systemUTC());
    }

    /** For tests, which control time. Seals entries written before the chain existed. */
    ActivityLogService(IdentityDatabase database, Clock clock) {
        this(database.unit(), database.jdbc(), clock);
    }

    /** For tests that play two nodes: one unit, and each node's own JDBC (the chain's write path). */
    ActivityLogService(PersistenceUnit unit, Jdbc jdbc, Clock clock) {
        this.db = unit;
        this.jdbc = jdbc;
        this.clock = clock;
        sealEntriesBeforeTheChain();
    }

    /**
     * Appends the event to its account's chain: under the account's head lock, so that concurrent
     * writers, on this node or another, each get the next position and link to the one before.
     */
    @Override
    public void record(ActivityEvent event) {
        if (!TYPE.matcher(event.type()).matches()) {
            throw new IllegalArgumentException("activity type must be dotted lower-case words: " + event.type());
        }
        String id = UUID.randomUUID().toString();
        Instant occurredAt = ActivityChain.truncate(clock.instant());
        long seq = sequence.incrementAndGet();
        ClientInfo client = new ClientInfo(event.ip(), event.userAgent());
        String details;
        try {
            String written = json.writeValueAsString(event.details());
            details = written.length() <= 4000 ? written : json.writeValueAsString(Map.of("truncated", "true"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("activity details cannot be written as JSON", e);
        }
        ActivityChain.Entry unplaced = new ActivityChain.Entry(event.accountId(), 0, id, seq, event.type(), occurredAt,
                event.userId(), event.apiKeyId(), client.ip(), client.userAgent(), details, null, null);
        ChainTables.underHead(jdbc, event.accountId(), (c, head) -> {
            ChainTables.append(c, unplaced.placed(head.position() + 1, head.hash()));
            return null;
        });
    }

    /**
     * Entries written before the log was a chain get their places, oldest first, once, at start-up
     * (before this service is offered to other bundles). Another node doing the same waits on the
     * head lock and then finds nothing left to seal.
     */
    private void sealEntriesBeforeTheChain() {
        List<String> accounts = jdbc.system(ChainTables::accountsToSeal);
        for (String accountId : accounts) {
            ChainTables.underHead(jdbc, accountId, (c, head) -> head);
        }
    }

    public Page<ActivityView> activity(Caller caller, String type, int page, int size) {
        return activity(caller, type, null, page, size);
    }

    /**
     * The account's activity, newest first, optionally of one type (or type prefix ending in '.') and
     * about one subject: an id (a contact's, a list's ...) that appears as a value of the details.
     */
    public Page<ActivityView> activity(Caller caller, String type, String subject, int page, int size) {
        ApiException.Validation v = ApiException.validation()
                .require(page >= 0, "page", "Page must be 0 or more")
                .require(size >= 1 && size <= MAX_ACTIVITY_PAGE, "size", "Size must be between 1 and " + MAX_ACTIVITY_PAGE);
        String filter = type == null || type.isBlank() ? null : type.strip();
        if (filter != null && !TYPE.matcher(filter).matches()) {
            v.reject("type", "Type must be dotted lower-case words, optionally ending with '.' for a prefix");
        }
        String about = subject == null || subject.isBlank() ? null : subject.strip();
        if (about != null && !SUBJECT.matcher(about).matches()) {
            v.reject("subject", "Subject must be an id: 1 to 64 letters, digits and '-'");
        }
        v.throwIfInvalid();
        return db.inAccount(caller.accountId(), em -> {
            List<String> conditions = new java.util.ArrayList<>();
            if (filter != null) {
                conditions.add(filter.endsWith(".") ? "a.type LIKE :type" : "a.type = :type");
            }
            if (about != null) {
                // Details are a JSON object of strings: the id is a whole quoted value.
                conditions.add("a.details LIKE :subject");
            }
            String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
            TypedQuery<ActivityEntity> query = em.createQuery(
                    "SELECT a FROM ActivityEntity a" + where + " ORDER BY a.occurredAt DESC, a.seq DESC",
                    ActivityEntity.class);
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(a) FROM ActivityEntity a" + where, Long.class);
            if (filter != null) {
                String value = filter.endsWith(".") ? filter + "%" : filter;
                query.setParameter("type", value);
                count.setParameter("type", value);
            }
            if (about != null) {
                query.setParameter("subject", "%\":\"" + about + "\"%");
                count.setParameter("subject", "%\":\"" + about + "\"%");
            }
            List<ActivityEntity> entries = query.setFirstResult(page * size).setMaxResults(size).getResultList();
            // The names of the page's API keys, so that showing the log needs no look at the key list
            // (which is itself recorded).
            List<String> keyIds = entries.stream().map(a -> a.apiKeyId).filter(java.util.Objects::nonNull).distinct().toList();
            Map<String, String> keyNames = keyIds.isEmpty() ? Map.of() : em.createQuery(
                    "SELECT k.id, k.name FROM ApiKeyEntity k WHERE k.id IN :ids", Object[].class)
                    .setParameter("ids", keyIds).getResultStream()
                    .collect(java.util.stream.Collectors.toMap(r -> (String) r[0], r -> (String) r[1]));
            List<ActivityView> items = entries.stream()
                    .map(a -> view(a, a.apiKeyId == null ? null : keyNames.get(a.apiKeyId))).toList();
            return new Page<>(items, count.getSingleResult(), page, size);
        });
    }

    /**
     * {@code GET /auth/sign-ins}: the signed-in user's latest sign-in attempts, newest first, from the
     * entries login writes: right passwords that opened a session ({@code auth.login.succeeded}, with the
     * second factor used), wrong passwords ({@code auth.login.failed}), wrong codes at login
     * ({@code auth.2fa.failed} with {@code action} login) and refused ones ({@code auth.login.throttled}).
     */
    public List<SignInView> signIns(Caller caller, int limit) {
        return db.inAccount(caller.accountId(), em -> em.createQuery("SELECT a FROM ActivityEntity a "
                        + "WHERE a.userId = :user AND (a.type IN :types OR (a.type = :code AND a.details LIKE :login)) "
                        + "ORDER BY a.occurredAt DESC, a.seq DESC", ActivityEntity.class)
                .setParameter("user", caller.userId()).setParameter("types", SIGN_IN_RESULTS.keySet())
                .setParameter("code", WRONG_CODE).setParameter("login", "%\"action\":\"login\"%")
                .setMaxResults(limit).getResultStream()
                .map(a -> {
                    Map<String, String> details = view(a, null).details();
                    return new SignInView(a.occurredAt, SIGN_IN_RESULTS.getOrDefault(a.type, "wrong-code"), a.ip,
                            a.userAgent, Devices.describe(a.userAgent), details.get("secondFactor"), details.get("reason"));
                }).toList());
    }

    public List<String> activityTypes(Caller caller) {
        return db.inAccount(caller.accountId(), em -> em
                .createQuery("SELECT DISTINCT a.type FROM ActivityEntity a ORDER BY a.type", String.class)
                .getResultList());
    }

    private ActivityView view(ActivityEntity a, String apiKeyName) {
        Map<String, String> details;
        try {
            details = a.details == null ? Map.of() : json.readValue(a.details, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            LOG.warn("Activity entry {} has unreadable details; showing none", a.id, e);
            details = Map.of();
        }
        return new ActivityView(a.id, a.type, a.occurredAt, a.userId, a.apiKeyId, apiKeyName, a.ip, a.userAgent, details);
    }
}
