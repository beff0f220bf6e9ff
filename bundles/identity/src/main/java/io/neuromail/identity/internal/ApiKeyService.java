package io.neuromail.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.Scope;
import io.neuromail.identity.internal.Views.ApiKeyView;
import io.neuromail.identity.internal.jpa.ApiKeyCredential;
import io.neuromail.identity.internal.jpa.ApiKeyEntity;
import io.neuromail.identity.internal.security.ApiKeys;
import io.neuromail.identity.internal.security.RateLimiter;

/**
 * The account's API keys ({@code nm_api_key}): created with scopes, listed, revoked, regenerated, and
 * checked on every request that presents one, within the per-key request rate.
 */
@Component(service = ApiKeyService.class, configurationPid = IdentityConfig.PID)
public class ApiKeyService {

    /** Writes of "last used" are spaced out; a per-request write would be waste. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_TRACKED_KEYS = 100_000;

    private final PersistenceUnit db;
    private final ActivityLog activity;
    private final SendPermission sending;
    private final RateLimiter requestsByKey;
    /** The source of every key timestamp; injectable so tests control time. */
    private final Clock clock;

    @Activate
    public ApiKeyService(@Reference IdentityDatabase database, @Reference ActivityLogService activity,
                         IdentityConfig config) {
        this(database, activity, config, Clock.systemUTC());
    }

    /** For tests, which control time; the rate limiter keeps its own monotonic time. */
    ApiKeyService(IdentityDatabase database, ActivityLog activity, IdentityConfig config, Clock clock) {
        this.db = database.unit();
        this.activity = activity;
        this.clock = clock;
        this.sending = new SendPermission(SignupMode.of(config.signup_mode()));
        this.requestsByKey = new RateLimiter(IdentityService.positive(config.rateLimit_apiRequestsPerMinute()),
                Duration.ofMinutes(1), MAX_TRACKED_KEYS);
    }

    /**
     * The caller behind a presented API key, or empty when the key is unknown or revoked.
     *
     * @throws ApiException 429 when the key is over its request rate
     */
    public Optional<Caller> authenticate(String presented, ClientInfo client) {
        Optional<String> prefix = ApiKeys.prefixOf(presented);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(presented);
        Instant now = clock.instant();
        Optional<ApiKeyCredential> found = db.global(em -> em
                .createQuery("SELECT k FROM ApiKeyCredential k WHERE k.keyHash = :hash", ApiKeyCredential.class)
                .setParameter("hash", hash).getResultStream().findFirst());
        if (found.isEmpty() || found.get().revokedAt != null) {
            return Optional.empty();
        }
        ApiKeyCredential key = found.get();
        RateLimiter.Decision allowed = requestsByKey.tryAcquire(key.id);
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("API rate limit of this key exceeded", allowed.retryAfterSeconds());
        }
        Caller caller = new Caller(key.accountId, null, null, Caller.AuthMethod.API_KEY, key.id,
                Scopes.parse(key.scopes), sending.maySend(db, key.accountId));
        if (key.lastUsedAt == null || key.lastUsedAt.plus(TOUCH_INTERVAL).isBefore(now)) {
            db.global(em -> em.createQuery("UPDATE ApiKeyCredential k SET k.lastUsedAt = :now WHERE k.id = :id")
                    .setParameter("now", now).setParameter("id", key.id).executeUpdate());
            activity.record(ActivityEvent.by(caller, "apikey.used").client(client.ip(), client.userAgent()).build());
        }
        return Optional.of(caller);
    }

    /** The account's keys (never their secrets); the listing is recorded, as who looked at the keys matters. */
    public List<ApiKeyView> list(Caller caller, ClientInfo client) {
        List<ApiKeyView> keys = db.inAccount(caller.accountId(), em -> em
                .createQuery("SELECT k FROM ApiKeyEntity k ORDER BY k.createdAt DESC", ApiKeyEntity.class)
                .getResultStream().map(k -> view(k, null)).toList());
        activity.record(ActivityEvent.by(caller, "apikey.listed").client(client.ip(), client.userAgent())
                .detail("keys", keys.size()).build());
        return keys;
    }

    public ApiKeyView create(Caller caller, String name, List<String> scopes, ClientInfo client) {
        ApiException.Validation v = ApiException.validation();
        String clean = validName(name, v);
        Set<Scope> granted = Scopes.validate(scopes, v);
        v.throwIfInvalid();
        ApiKeys.GeneratedKey generated = ApiKeys.generate();
        ApiKeyEntity key = db.inAccount(caller.accountId(), em -> persist(em, caller, clean,
                Scopes.format(granted), generated));
        activity.record(ActivityEvent.by(caller, "apikey.created").client(client.ip(), client.userAgent())
                .detail("keyId", key.id).detail("name", key.name).detail("prefix", key.prefix)
                .detail("scopes", key.scopes).build());
        return view(key, generated.key());
    }

    public void revoke(Caller caller, String id, ClientInfo client) {
        boolean changed = db.inAccount(caller.accountId(), em -> {
            ApiKeyEntity key = find(em, id);
            if (key.revokedAt != null) {
                return false;
            }
            key.revokedAt = clock.instant();
            return true;
        });
        if (changed) {
            activity.record(ActivityEvent.by(caller, "apikey.revoked").client(client.ip(), client.userAgent())
                    .detail("keyId", id).build());
        }
    }

    public ApiKeyView regenerate(Caller caller, String id, ClientInfo client) {
        ApiKeys.GeneratedKey generated = ApiKeys.generate();
        ApiKeyEntity fresh = db.inAccount(caller.accountId(), em -> {
            ApiKeyEntity old = find(em, id);
            if (old.revokedAt != null) {
                throw ApiException.conflict("This key is revoked; create a new one instead");
            }
            old.revokedAt = clock.instant();
            return persist(em, caller, old.name, old.scopes, generated);
        });
        activity.record(ActivityEvent.by(caller, "apikey.regenerated").client(client.ip(), client.userAgent())
                .detail("oldKeyId", id).detail("keyId", fresh.id).detail("prefix", fresh.prefix).build());
        return view(fresh, generated.key());
    }

    private ApiKeyEntity persist(EntityManager em, Caller caller, String name, String scopes,
                                 ApiKeys.GeneratedKey generated) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = UUID.randomUUID().toString();
        key.name = name;
        key.scopes = scopes;
        key.prefix = generated.prefix();
        key.keyHash = generated.hash();
        key.createdBy = caller.userId();
        key.createdAt = clock.instant();
        em.persist(key);
        return key;
    }

    private static ApiKeyEntity find(EntityManager em, String id) {
        ApiKeyEntity key = id == null ? null : em.find(ApiKeyEntity.class, id);
        if (key == null) {
            throw ApiException.notFound("API key");
        }
        return key;
    }

    private static String validName(String name, ApiException.Validation v) {
        String clean = name == null ? "" : name.strip();
        v.require(!clean.isEmpty(), "name", "Name is required")
                .require(clean.length() <= 100, "name", "Name must be at most 100 characters")
                .require(!IdentityService.hasControl(clean), "name", "Name must not contain control characters");
        return clean;
    }

    private static ApiKeyView view(ApiKeyEntity k, String plainKey) {
        return new ApiKeyView(k.id, k.name, k.prefix, Scopes.parse(k.scopes).stream().map(Scope::id).toList(),
                k.createdAt, k.lastUsedAt, k.revokedAt, plainKey);
    }
}
