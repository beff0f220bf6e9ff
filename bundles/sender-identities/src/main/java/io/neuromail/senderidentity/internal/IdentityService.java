package io.neuromail.senderidentity.internal;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.SystemMail;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.PublicAddress;
import io.neuromail.api.security.Caller;
import io.neuromail.senderidentity.api.ProviderIdentities;
import io.neuromail.senderidentity.api.ProviderIdentityStatus;
import io.neuromail.senderidentity.api.SenderIdentities;
import io.neuromail.senderidentity.internal.Requests.NewIdentity;
import io.neuromail.senderidentity.internal.Views.DnsCheck;
import io.neuromail.senderidentity.internal.Views.DnsItem;
import io.neuromail.senderidentity.internal.Views.IdentityList;
import io.neuromail.senderidentity.internal.Views.IdentityView;
import io.neuromail.senderidentity.internal.dns.Dns;
import io.neuromail.senderidentity.internal.dns.DnsJavaResolver;
import io.neuromail.senderidentity.internal.jpa.IdentityEntity;
import io.neuromail.senderidentity.internal.jpa.TokenEntity;

/**
 * The sender identities of every account: the {@link SenderIdentities} answer delivery asks before it
 * queues a message, and the operations of the API and the verification page. Every account-scoped
 * read and write goes through {@link PersistenceUnit#inAccount}; only verification tokens, which a
 * visitor presents before anyone is signed in, are looked up globally, by their hash.
 * Verification links start with the operator's public address ({@link PublicAddress}).
 */
@Component(service = {SenderIdentities.class, IdentityService.class}, configurationPid = SenderIdentitiesConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SenderIdentitiesConfig.class)
public class IdentityService implements SenderIdentities {

    static final String CHANGELOG = "io/neuromail/senderidentity/db/changelog.xml";
    static final String ADDRESS = "address";
    static final String DOMAIN = "domain";
    static final String PENDING = "pending";
    static final String VERIFIED = "verified";
    static final String FAILED = "failed";
    static final int MAX_SELECTORS = 5;
    /** A link token: 32 random bytes in URL-safe Base64 without padding. */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORT = 20_000;

    private final PersistenceUnit unit;
    private final Clock clock;
    private final Function<SenderIdentitiesConfig, Dns> resolvers;
    private final SecureRandom random = new SecureRandom();
    private volatile Settings settings;

    @Reference
    ActivityLog activityLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemMail systemMail;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PublicAddress publicAddress;

    /** Providers (Amazon SES) that keep identities of their own: asked when a domain is checked. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ProviderIdentities> providers = List.of();

    /** The configuration in the form the operations use; replaced whole when it changes. */
    private record Settings(PreVerifiedDomains preVerified, DomainCheck domains, Duration linkLifetime,
                            Duration resendInterval, int maxIdentities, MailBudget mails,
                            Duration recheckInterval, Duration recheckGrace) {
    }

    @Activate
    public IdentityService(@Reference Persistence persistence, SenderIdentitiesConfig config) {
        this(persistence, config, Clock.systemUTC(), IdentityService::resolver);
    }

    IdentityService(Persistence persistence, SenderIdentitiesConfig config, Clock clock,
                    Function<SenderIdentitiesConfig, Dns> resolvers) {
        this.clock = clock;
        this.resolvers = resolvers;
        this.settings = settings(config);
        this.unit = persistence.open("sender-identities", IdentityService.class.getClassLoader(), CHANGELOG,
                List.of(IdentityEntity.class, TokenEntity.class));
    }

    @Modified
    void modified(SenderIdentitiesConfig config) {
        this.settings = settings(config);
    }

    @Deactivate
    void deactivate() {
        unit.close();
        try {
            DnsJavaResolver.shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while ending dnsjava's I/O loop; the JVM may not exit by itself");
        } catch (IllegalStateException e) {
            LOG.warn("{}; the JVM may not exit by itself", e.getMessage());
        }
    }

    private static Dns resolver(SenderIdentitiesConfig config) {
        return DnsJavaResolver.of(config.dns_server(), Duration.ofSeconds(Math.max(1, config.dns_timeoutSeconds())));
    }

    private Settings settings(SenderIdentitiesConfig config) {
        PreVerifiedDomains preVerified = PreVerifiedDomains.parse(config.preVerifiedDomains());
        for (String rejected : preVerified.rejected()) {
            LOG.warn("Ignoring the pre-verified domain entry {} of {}", rejected, SenderIdentitiesConfig.PID);
        }
        Dns dns;
        try {
            dns = resolvers.apply(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot use the DNS server '{}' of {}: {}; domain checks fail until it is fixed",
                    config.dns_server(), SenderIdentitiesConfig.PID, e.getMessage());
            dns = unusable(e.getMessage());
        }
        return new Settings(preVerified, new DomainCheck(dns, config.spf_include()),
                Duration.ofSeconds(Math.max(1, config.verification_ttlSeconds())),
                Duration.ofSeconds(Math.max(0, config.verification_resendSeconds())),
                Math.max(1, config.maxIdentitiesPerAccount()),
                new MailBudget(clock, Math.max(1, config.verification_mailsPerHour()), Duration.ofHours(1)),
                Duration.ofSeconds(Math.max(0, config.recheck_intervalSeconds())),
                Duration.ofSeconds(Math.max(0, config.recheck_graceSeconds())));
    }

    private static Dns unusable(String reason) {
        return new Dns() {
            @Override
            public List<String> txt(String name) {
                throw new DnsFailure("the DNS server is misconfigured: " + reason, null);
            }

            @Override
            public List<String> cname(String name) {
                throw new DnsFailure("the DNS server is misconfigured: " + reason, null);
            }
        };
    }

    // ---------------------------------------------------------------- SenderIdentities

    @Override
    public boolean isVerified(String accountId, String address) {
        if (accountId == null || address == null) {
            return false;
        }
        String normal;
        try {
            normal = Names.address(address);
        } catch (Names.InvalidName e) {
            return false;
        }
        String domain = Names.domainOf(normal);
        if (settings.preVerified().covers(accountId, domain)) {
            return true;
        }
        return unit.inAccount(accountId, em -> em.createQuery("SELECT COUNT(i) FROM IdentityEntity i "
                        + "WHERE i.status = :verified AND ((i.type = :address AND i.value = :a) "
                        + "OR (i.type = :domain AND i.value = :d))", Long.class)
                .setParameter("verified", VERIFIED).setParameter("address", ADDRESS).setParameter("a", normal)
                .setParameter("domain", DOMAIN).setParameter("d", domain)
                .getSingleResult() > 0);
    }

    // ---------------------------------------------------------------- the API's operations

    public IdentityList list(Caller caller) {
        Settings s = settings;
        List<IdentityView> items = unit.inAccount(caller.accountId(), em -> em.createQuery(
                        "SELECT i FROM IdentityEntity i ORDER BY i.createdAt, i.id", IdentityEntity.class)
                .setMaxResults(s.maxIdentities()).getResultList().stream().map(i -> view(i, s)).toList());
        return new IdentityList(items, s.preVerified().domainsOf(caller.accountId()));
    }

    public IdentityView get(Caller caller, String id) {
        Settings s = settings;
        return view(unit.inAccount(caller.accountId(), em -> find(em, id)), s);
    }

    public IdentityView create(Caller caller, NewIdentity body) {
        Settings s = settings;
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        ApiException.Validation v = ApiException.validation();
        String type = body.type();
        String value = null;
        List<String> selectors = new ArrayList<>();
        if (!ADDRESS.equals(type) && !DOMAIN.equals(type)) {
            v.reject("type", "type is 'address' or 'domain'");
        } else {
            try {
                value = ADDRESS.equals(type) ? Names.address(body.value()) : Names.domain(body.value());
            } catch (Names.InvalidName e) {
                v.reject("value", e.getMessage());
            }
        }
        if (body.dkimSelectors() != null && !body.dkimSelectors().isEmpty()) {
            if (ADDRESS.equals(type)) {
                v.reject("dkimSelectors", "DKIM selectors belong to a domain, not to an address");
            } else if (body.dkimSelectors().size() > MAX_SELECTORS) {
                v.reject("dkimSelectors", "at most " + MAX_SELECTORS + " DKIM selectors");
            } else {
                Set<String> unique = new LinkedHashSet<>();
                for (String selector : body.dkimSelectors()) {
                    try {
                        unique.add(Names.selector(selector));
                    } catch (Names.InvalidName e) {
                        v.reject("dkimSelectors", e.getMessage());
                        break;
                    }
                }
                selectors.addAll(unique);
            }
        }
        v.throwIfInvalid();
        String normal = value;
        if (ADDRESS.equals(type)) {
            requireMaySend(caller);
            takeMail(caller.accountId(), s);
        }
        long now = clock.millis();
        IdentityEntity created;
        try {
            created = insert(caller.accountId(), type, normal, selectors, now, s);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Two requests adding the same value at once: the unique constraint lets one in.
            if (unit.inAccount(caller.accountId(), em -> existing(em, type, normal)) != null) {
                throw ApiException.conflict("this " + type + " is already a sender identity of the account");
            }
            throw e;
        }
        activityLog.record(ActivityEvent.by(caller, "sender-identity.added").detail("identity", created.id)
                .detail("type", type).detail("value", normal).build());
        if (ADDRESS.equals(type)) {
            sendVerification(caller.accountId(), created.id, normal, s);
        }
        return get(caller, created.id);
    }

    private IdentityEntity insert(String accountId, String type, String normal, List<String> selectors, long now,
                                  Settings s) {
        return unit.inAccount(accountId, em -> {
            long count = em.createQuery("SELECT COUNT(i) FROM IdentityEntity i", Long.class).getSingleResult();
            if (count >= s.maxIdentities()) {
                ApiException.validation().reject("value", "this account has the most sender identities it may have ("
                        + s.maxIdentities() + "); remove one first").throwIfInvalid();
            }
            if (existing(em, type, normal) != null) {
                throw ApiException.conflict("this " + type + " is already a sender identity of the account");
            }
            IdentityEntity e = new IdentityEntity();
            e.id = UUID.randomUUID().toString();
            e.type = type;
            e.value = normal;
            e.status = PENDING;
            e.dkimSelectors = selectors.isEmpty() ? null : String.join(",", selectors);
            e.dnsToken = DOMAIN.equals(type) ? HexFormat.of().formatHex(randomBytes(16)) : null;
            e.statusReason = DOMAIN.equals(type)
                    ? "Publish the verification TXT record, then re-check." : null;
            e.createdAt = now;
            e.updatedAt = now;
            em.persist(e);
            return e;
        });
    }

    /** Mails a new verification link for the address, invalidating any earlier one. */
    public IdentityView resend(Caller caller, String id) {
        Settings s = settings;
        long now = clock.millis();
        IdentityEntity identity = unit.inAccount(caller.accountId(), em -> find(em, id));
        if (!ADDRESS.equals(identity.type)) {
            throw ApiException.conflict("a domain is verified through DNS: publish its records and re-check it");
        }
        if (VERIFIED.equals(identity.status)) {
            throw ApiException.conflict("this address is verified already");
        }
        if (identity.mailSentAt != null && identity.mailSentAt + s.resendInterval().toMillis() > now) {
            long wait = (identity.mailSentAt + s.resendInterval().toMillis() - now + 999) / 1000;
            throw ApiException.tooManyRequests("a verification mail was sent a moment ago; wait before sending another",
                    wait);
        }
        requireMaySend(caller);
        takeMail(caller.accountId(), s);
        sendVerification(caller.accountId(), identity.id, identity.value, s);
        activityLog.record(ActivityEvent.by(caller, "sender-identity.verification-resent").detail("identity", id)
                .detail("value", identity.value).build());
        return get(caller, id);
    }

    /** Asks DNS about a domain and verifies it (or fails it) by its verification record. */
    public IdentityView check(Caller caller, String id) {
        Settings s = settings;
        IdentityEntity identity = unit.inAccount(caller.accountId(), em -> find(em, id));
        if (!DOMAIN.equals(identity.type)) {
            throw ApiException.conflict("an address is verified by the link mailed to it: resend it if it was lost");
        }
        Checked checked = checkDomain(caller.accountId(), identity, s);
        activityLog.record(ActivityEvent.by(caller, checked.activity()).detail("identity", id)
                .detail("value", identity.value).detail("verification", checked.verification()).build());
        return get(caller, id);
    }

    /**
     * Checks again, in every account, the verified domains last checked longer than the re-check interval
     * ago, at most {@code max} of them; answers how many it checked. A domain whose verification record
     * has gone stays verified for the grace period, with a reason saying so, then fails: from then on
     * nothing is sent from it until the record is back and the domain is checked again.
     */
    public int recheckDue(int max) {
        Settings s = settings;
        if (s.recheckInterval().isZero()) {
            return 0;
        }
        long dueBefore = clock.millis() - s.recheckInterval().toMillis();
        // The job works for every account: it lists what is due across accounts (account and id only),
        // then reads and writes each identity inside its own account. Native SQL is refused in units with
        // account-scoped entities unless a query asks for it, as this one does, on purpose.
        @SuppressWarnings("unchecked")
        List<Object[]> due = unit.global(em -> em.createNativeQuery("SELECT account_id, id FROM nm_sender_identity "
                        + "WHERE kind = ? AND status = ? AND (checked_at IS NULL OR checked_at <= ?) "
                        + "ORDER BY checked_at, id")
                .setHint("eclipselink.jdbc.allow-native-sql-query", Boolean.TRUE)
                .setParameter(1, DOMAIN).setParameter(2, VERIFIED).setParameter(3, dueBefore)
                .setMaxResults(max).getResultList());
        int checked = 0;
        for (Object[] row : due) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            String accountId = String.valueOf(row[0]);
            String id = String.valueOf(row[1]);
            try {
                IdentityEntity identity = unit.inAccount(accountId, em -> em.find(IdentityEntity.class, id));
                if (identity == null || !VERIFIED.equals(identity.status)) {
                    continue;
                }
                Checked result = checkDomain(accountId, identity, s);
                checked++;
                if (result.changed() || result.newlyMissing()) {
                    activityLog.record(ActivityEvent.in(accountId, result.activity()).detail("identity", id)
                            .detail("value", identity.value).detail("verification", result.verification())
                            .detail("via", "re-check").build());
                }
            } catch (RuntimeException e) {
                LOG.warn("Re-checking sender identity {} of account {} failed: {}", id, accountId, e.toString());
            }
        }
        return checked;
    }

    /** What one domain check did: its status before and after, and what DNS said of the record. */
    private record Checked(String before, String after, String verification, boolean newlyMissing) {
        boolean changed() {
            return !before.equals(after);
        }

        String activity() {
            return !changed() ? "sender-identity.checked"
                    : VERIFIED.equals(after) ? "sender-identity.verified" : "sender-identity.failed";
        }
    }

    private Checked checkDomain(String accountId, IdentityEntity identity, Settings s) {
        DnsCheck report = s.domains().check(identity.value, identity.dnsToken, selectors(identity),
                Instant.ofEpochMilli(clock.millis()));
        List<ProviderIdentityStatus> provided = providerStatuses(identity.value);
        long now = clock.millis();
        String verification = report.verification().status();
        return unit.inAccount(accountId, em -> {
            IdentityEntity e = find(em, identity.id);
            String before = e.status;
            StoredReport previous = stored(e);
            Long missingSince = null;
            boolean newlyMissing = false;
            switch (verification) {
                case "found" -> {
                    e.status = VERIFIED;
                    e.statusReason = null;
                    if (!VERIFIED.equals(before)) {
                        e.verifiedAt = now;
                    }
                }
                case "error" -> {
                    e.statusReason = "DNS could not be asked: " + report.verification().message();
                    missingSince = previous == null ? null : previous.missingSince();
                }
                default -> {
                    if (VERIFIED.equals(before) && !s.recheckGrace().isZero()) {
                        missingSince = previous == null || previous.missingSince() == null
                                ? now : previous.missingSince();
                        newlyMissing = missingSince == now;
                    }
                    if (missingSince != null && now - missingSince < s.recheckGrace().toMillis()) {
                        e.statusReason = "The verification record was not found in DNS on "
                                + Instant.ofEpochMilli(missingSince).toString().substring(0, 16).replace('T', ' ')
                                + " UTC (" + report.verification().message() + "). Publish it again: if it is still "
                                + "missing on " + Instant.ofEpochMilli(missingSince + s.recheckGrace().toMillis())
                                .toString().substring(0, 16).replace('T', ' ')
                                + " UTC, mail from this domain is no longer sent.";
                    } else {
                        e.status = FAILED;
                        e.statusReason = VERIFIED.equals(before)
                                ? "The verification record is gone from DNS (" + report.verification().message()
                                        + "): publish it again, then re-check."
                                : report.verification().message();
                        missingSince = null;
                    }
                }
            }
            e.statusReason = limit(e.statusReason, 500);
            e.dnsReport = reportJson(report, provided, missingSince);
            e.checkedAt = now;
            e.updatedAt = now;
            return new Checked(before, e.status, verification, newlyMissing);
        });
    }

    /** What the providers that keep identities of their own say of this one; never throws. */
    private List<ProviderIdentityStatus> providerStatuses(String identity) {
        List<ProviderIdentityStatus> answers = new ArrayList<>();
        for (ProviderIdentities provider : providers) {
            try {
                ProviderIdentityStatus status = provider.status(identity);
                if (status != null) {
                    answers.add(status);
                }
            } catch (RuntimeException e) {
                LOG.warn("A provider could not say how it sees {}: {}", identity, e.toString());
                answers.add(ProviderIdentityStatus.error("Email provider", "The provider could not be asked."));
            }
        }
        return answers;
    }

    public void delete(Caller caller, String id) {
        IdentityEntity removed = unit.inAccount(caller.accountId(), em -> {
            IdentityEntity e = find(em, id);
            em.remove(e);
            return e;
        });
        activityLog.record(ActivityEvent.by(caller, "sender-identity.removed").detail("identity", id)
                .detail("type", removed.type).detail("value", removed.value).build());
    }

    // ---------------------------------------------------------------- verification links

    /** What a verification link leads to. */
    public enum LinkState {
        /** The link can be confirmed. */
        VALID,
        /** Confirmed just now (by this request). */
        CONFIRMED,
        /** Confirmed before: a link works once. */
        USED,
        /** Older than its lifetime. */
        EXPIRED,
        /** No such link, or its identity was removed. */
        UNKNOWN
    }

    /** A link's state and, when it is known, the address it verifies. */
    public record Link(LinkState state, String address) {
    }

    /** Looks at a link without changing anything (mail scanners open links too). */
    public Link inspect(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return new Link(LinkState.UNKNOWN, null);
        }
        TokenEntity t = unit.global(em -> em.find(TokenEntity.class, hash(token)));
        if (t == null) {
            return new Link(LinkState.UNKNOWN, null);
        }
        IdentityEntity identity = unit.inAccount(t.accountId, em -> em.find(IdentityEntity.class, t.identityId));
        if (identity == null) {
            return new Link(LinkState.UNKNOWN, null);
        }
        if (t.usedAt != null) {
            return new Link(LinkState.USED, identity.value);
        }
        if (t.expiresAt <= clock.millis()) {
            return new Link(LinkState.EXPIRED, identity.value);
        }
        return new Link(LinkState.VALID, identity.value);
    }

    /**
     * Confirms a link: marks it used and its address verified. Of two confirmations of one link, one
     * wins and the other sees {@link LinkState#USED}.
     */
    public Link confirm(String token, String ip, String userAgent) {
        Link seen = inspect(token);
        if (seen.state() != LinkState.VALID) {
            return seen;
        }
        String hash = hash(token);
        long now = clock.millis();
        int claimed = unit.global(em -> em.createQuery("UPDATE TokenEntity t SET t.usedAt = :now "
                        + "WHERE t.tokenHash = :hash AND t.usedAt IS NULL AND t.expiresAt > :now")
                .setParameter("now", now).setParameter("hash", hash).executeUpdate());
        if (claimed == 0) {
            return inspect(token);
        }
        TokenEntity t = unit.global(em -> em.find(TokenEntity.class, hash));
        IdentityEntity verified = unit.inAccount(t.accountId, em -> {
            IdentityEntity e = em.find(IdentityEntity.class, t.identityId);
            if (e == null) {
                return null;
            }
            e.status = VERIFIED;
            e.statusReason = null;
            e.verifiedAt = now;
            e.updatedAt = now;
            return e;
        });
        if (verified == null) {
            return new Link(LinkState.UNKNOWN, null);
        }
        activityLog.record(ActivityEvent.in(t.accountId, "sender-identity.verified").client(ip, limit(userAgent, 500))
                .detail("identity", verified.id).detail("value", verified.value).detail("via", "link").build());
        return new Link(LinkState.CONFIRMED, verified.value);
    }

    private void sendVerification(String accountId, String identityId, String address, Settings s) {
        byte[] secret = randomBytes(32);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long now = clock.millis();
        long expires = now + s.linkLifetime().toMillis();
        unit.global(em -> {
            em.createQuery("DELETE FROM TokenEntity t WHERE t.identityId = :id AND t.usedAt IS NULL")
                    .setParameter("id", identityId).executeUpdate();
            TokenEntity t = new TokenEntity();
            t.tokenHash = hash(token);
            t.accountId = accountId;
            t.identityId = identityId;
            t.createdAt = now;
            t.expiresAt = expires;
            em.persist(t);
            return null;
        });
        PublicAddress publicAt = publicAddress;
        String base = publicAt == null ? "" : publicAt.baseUrl();
        String link = base + "/verify-sender/" + token;
        String reason = null;
        String status = PENDING;
        SystemMail mail = systemMail;
        if (base.isEmpty()) {
            reason = "The verification mail could not be sent: the operator has not set the public address of "
                    + "NeuroMail (baseUrl in etc/io.neuromail.public.cfg). Try Resend once it is set.";
            LOG.warn("No public base URL in {}: the verification mail of sender identity {} was not sent",
                    io.neuromail.api.rest.NeuroMailApi.PUBLIC_PID, identityId);
        } else if (mail == null) {
            reason = "The verification mail could not be sent: NeuroMail cannot send mail right now. Try Resend later.";
            LOG.warn("No SystemMail service: the verification mail of sender identity {} of account {} was not sent",
                    identityId, accountId);
        } else {
            try {
                mail.send(accountId, address, "Confirm " + address + " as a sender in NeuroMail",
                        verificationText(address, link, s.linkLifetime()));
            } catch (IllegalArgumentException e) {
                status = FAILED;
                reason = limit("The verification mail could not be sent: " + e.getMessage(), 500);
            }
        }
        String finalStatus = status;
        String finalReason = reason;
        unit.inAccount(accountId, em -> {
            IdentityEntity e = em.find(IdentityEntity.class, identityId);
            if (e != null) {
                e.status = finalStatus;
                e.statusReason = finalReason;
                e.mailSentAt = now;
                e.linkExpiresAt = expires;
                e.updatedAt = now;
            }
            return null;
        });
    }

    /**
     * An account that may not send yet (its owner has not confirmed their own address) cannot have
     * NeuroMail mail links to other addresses either.
     */
    private static void requireMaySend(Caller caller) {
        if (!caller.maySend()) {
            throw ApiException.forbidden("confirm your own email address first: until then this account cannot "
                    + "have verification links mailed");
        }
    }

    private static void takeMail(String accountId, Settings s) {
        s.mails().take(accountId).ifPresent(wait -> {
            throw ApiException.tooManyRequests("this account had many verification mails sent in the last hour; "
                    + "wait before adding or resending another address", wait);
        });
    }

    static String verificationText(String address, String link, Duration lifetime) {
        return "Someone asked to send email from " + address + " through NeuroMail.\n\n"
                + "If it was you, open this link and confirm the address:\n\n"
                + link + "\n\n"
                + "The link works once and expires in " + describe(lifetime) + ".\n\n"
                + "If you did not ask for this, ignore this message: nothing is sent from your address unless you "
                + "confirm it.\n";
    }

    private static String describe(Duration d) {
        if (d.toHours() >= 1 && d.toMinutes() % 60 == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        long minutes = Math.max(1, d.toMinutes());
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    // ---------------------------------------------------------------- helpers

    private static IdentityEntity find(EntityManager em, String id) {
        IdentityEntity e = id == null || id.length() > 36 ? null : em.find(IdentityEntity.class, id);
        if (e == null) {
            throw ApiException.notFound("sender identity");
        }
        return e;
    }

    private static IdentityEntity existing(EntityManager em, String type, String value) {
        return em.createQuery("SELECT i FROM IdentityEntity i WHERE i.type = :type AND i.value = :value",
                        IdentityEntity.class)
                .setParameter("type", type).setParameter("value", value).getResultList().stream().findFirst()
                .orElse(null);
    }

    private static List<String> selectors(IdentityEntity e) {
        return e.dkimSelectors == null || e.dkimSelectors.isEmpty() ? List.of() : List.of(e.dkimSelectors.split(","));
    }

    private IdentityView view(IdentityEntity e, Settings s) {
        String status = e.status;
        String reason = e.statusReason;
        if (ADDRESS.equals(e.type) && PENDING.equals(status) && e.linkExpiresAt != null
                && e.linkExpiresAt <= clock.millis()) {
            status = FAILED;
            reason = "The verification link expired: resend it.";
        } else if (ADDRESS.equals(e.type) && PENDING.equals(status) && reason == null) {
            reason = "Open the link mailed to this address to confirm it.";
        }
        List<String> selectors = selectors(e);
        boolean domain = DOMAIN.equals(e.type);
        return new IdentityView(e.id, e.type, e.value, display(e), status, reason, selectors,
                instant(e.createdAt), instant(e.updatedAt), instant(e.verifiedAt),
                domain ? null : instant(e.mailSentAt), domain ? null : instant(e.linkExpiresAt),
                domain ? report(e) : null,
                domain ? s.domains().records(e.value, e.dnsToken, selectors) : null,
                domain ? providersOf(e) : null);
    }

    private static String display(IdentityEntity e) {
        if (DOMAIN.equals(e.type)) {
            return IDN.toUnicode(e.value);
        }
        int at = e.value.lastIndexOf('@');
        return e.value.substring(0, at + 1) + IDN.toUnicode(e.value.substring(at + 1));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * The stored form of a DNS check: its time is the row's {@code checked_at}. {@code missingSince}: when
     * the record of a verified domain was first found missing (the grace period runs from then).
     */
    private record StoredReport(DnsItem verification, DnsItem spf, DnsItem dmarc, List<DnsItem> dkim,
                                List<ProviderIdentityStatus> providers, Long missingSince) {
    }

    private static String reportJson(DnsCheck check, List<ProviderIdentityStatus> providers, Long missingSince) {
        try {
            String json = JSON.writeValueAsString(new StoredReport(check.verification(), check.spf(), check.dmarc(),
                    check.dkim(), providers, missingSince));
            return json.length() <= MAX_REPORT ? json : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a DNS report", e);
        }
    }

    private static DnsCheck report(IdentityEntity e) {
        StoredReport r = e.checkedAt == null ? null : stored(e);
        return r == null ? null
                : new DnsCheck(Instant.ofEpochMilli(e.checkedAt), r.verification(), r.spf(), r.dmarc(), r.dkim());
    }

    private static List<ProviderIdentityStatus> providersOf(IdentityEntity e) {
        StoredReport r = stored(e);
        return r == null || r.providers() == null ? List.of() : r.providers();
    }

    private static StoredReport stored(IdentityEntity e) {
        if (e.dnsReport == null) {
            return null;
        }
        try {
            return JSON.readValue(e.dnsReport, StoredReport.class);
        } catch (JsonProcessingException ex) {
            LOG.warn("Unreadable DNS report of sender identity {}: {}", e.id, ex.getMessage());
            return null;
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
