package io.neuromail.delivery.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;


import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.rest.PublicAddress;
import io.neuromail.api.security.Caller;
import io.neuromail.contacts.api.Recipients;
import io.neuromail.contacts.api.Suppressions;
import io.neuromail.delivery.api.MarketingSends;
import io.neuromail.delivery.api.MessageTemplates;
import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.TrackingLinks;
import io.neuromail.delivery.api.Unsubscribes;
import io.neuromail.filter.api.ContentCheck;
import io.neuromail.senderidentity.api.SenderIdentities;
import io.neuromail.delivery.internal.Requests.NewMessage;
import io.neuromail.delivery.internal.Requests.NewSend;
import io.neuromail.delivery.internal.Requests.SettingsUpdate;
import io.neuromail.delivery.internal.SenderRegistry.Entry;
import io.neuromail.delivery.internal.Views.DeliveryView;
import io.neuromail.delivery.internal.Views.SendView;
import io.neuromail.delivery.internal.Views.SenderView;
import io.neuromail.delivery.internal.Views.SettingsView;
import io.neuromail.delivery.internal.Views.TestResult;
import io.neuromail.delivery.internal.jpa.SettingsEntity;

/**
 * Delivery: the ledger, its workers, the registered senders and the operations the API offers on
 * them. Every operation of an account takes the account from the authenticated {@link Caller}.
 */
@Component(service = DeliveryService.class, configurationPid = DeliveryConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeliveryConfig.class)
public class DeliveryService {

    static final String CHANGELOG = "io/neuromail/delivery/db/changelog.xml";
    /** The name of the shared unsubscribe key in {@code nm_delivery_secret}. */
    static final String UNSUBSCRIBE_SECRET = "unsubscribe";
    /** The name of the shared key that signs open pixels and click links. */
    static final String TRACKING_SECRET = "tracking-1";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SenderRegistry senders = new SenderRegistry();
    private final Clock clock = Clock.systemUTC();
    private PersistenceUnit unit;
    private SendStore store;
    private DeliveryEngine engine;
    private String defaultSender;
    private MessageBuilder builder;
    private Jdbc jdbc;
    private DeliveryConfig config;
    private UnsubscribeTokens tokens;
    private final TrackingTokens trackingTokens;
    private SendGate gate;

    @Reference
    private ActivityLog activityLog;

    @Reference
    private SenderAccess access;

    // The services the gates ask. Each may come and go; while one is missing, what needs it is refused
    // or waits, never done unchecked.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Suppressions suppressions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SenderIdentities identities;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContentCheck contentCheck;

    /** The audiences and merge values of marketing sends; while it is missing, their rows wait. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recipients recipients;

    private LiquidTemplates templates;

    @Activate
    public DeliveryService(@Reference Persistence persistence, @Reference PublicAddress publicAddress,
                           @Reference LiquidTemplates templates, DeliveryConfig config) throws IOException {
        this.config = config;
        this.templates = templates;
        this.unit = persistence.open("delivery", DeliveryService.class.getClassLoader(), CHANGELOG,
                List.of(SettingsEntity.class));
        this.jdbc = persistence.jdbc();
        this.store = new SendStore(jdbc);
        this.defaultSender = config.defaultSender();
        this.tokens = new UnsubscribeTokens(unsubscribeSecret(config));
        this.trackingTokens = new TrackingTokens(HexFormat.of().parseHex(new SharedSecrets(jdbc).getOrCreate(
                TRACKING_SECRET, DeliveryService::newSecret, clock.millis())));
        this.builder = new MessageBuilder(publicAddress::baseUrl, config.unsubscribe_mailbox(), tokens, trackingTokens);
        this.gate = new SendGate(() -> identities, () -> contentCheck, builder);
        String node = config.nodeId().isBlank() ? derivedNodeId() : config.nodeId();
        Ledger ledger = new Ledger(jdbc);
        int[] recovered = ledger.recoverNode(node + ":", clock.millis());
        if (recovered[0] > 0 || recovered[1] > 0) {
            LOG.warn("Recovered the ledger of node {}: {} messages were handed off when it stopped and are now "
                    + "uncertain; {} claimed messages are queued again", node, recovered[0], recovered[1]);
        }
        engine = new DeliveryEngine(ledger, new RateSlots(jdbc), store, senders, builder, this::settingsOf,
                this::suppressedNow, gate::stillVerified, this::mergeValues, templates,
                new Backoff(config.retryBaseMillis(), config.retryMaxMillis(), new SecureRandom()::nextDouble), clock,
                new DeliveryEngine.Settings(Math.max(1, config.batchSize()), Math.max(1, config.concurrency()), config.leaseSeconds() * 1000L,
                        config.handoffLeaseSeconds() * 1000L, config.senderWaitSeconds() * 1000L,
                        config.idlePollMillis(), Math.max(1, config.maxAttempts())),
                node + ":" + UUID.randomUUID().toString().substring(0, 8));
        engine.maintain();
        engine.start(Math.max(1, config.workers()));
        LOG.info("Delivery started on node {} with {} workers", node, config.workers());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        engine.stop();
        unit.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSender(EmailSender sender, Map<String, Object> properties) {
        if (!senders.add(sender, properties)) {
            LOG.warn("An EmailSender without the property neuromail.sender.name is ignored: {}", sender);
        }
        if (engine != null) {
            engine.wake();
        }
    }

    void removeSender(EmailSender sender) {
        senders.remove(sender);
    }

    /** The plans' limits: the monthly e-mails are counted, and refused past the plan, as rows are created. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindLimits")
    void bindLimits(AccountLimits limits) {
        store.limits(limits);
    }

    void unbindLimits(AccountLimits limits) {
        store.limitsGone(limits);
    }

    /** The e-mails accepted for the account this calendar month (UTC). */
    public long emailsThisMonth(String accountId) {
        return store.emailsInMonth(accountId, clock.millis());
    }

    @Reference
    void bindObserver(DeliveryMetrics metrics) {
        engine.observe(metrics);
    }

    /** The shared database access of this bundle (provider feedback's tables). */
    public Jdbc jdbc() {
        return jdbc;
    }

    /** Sends one transactional message through the ledger, past the send gate; answers its ledger row. */
    public DeliveryView sendMessage(Caller caller, NewMessage m) {
        Validator.message(m);
        SendGate.Admitted admitted = gate.admit(caller, new SendGate.Content(SendKind.TRANSACTIONAL,
                m.from(), m.replyTo(), m.subject(), m.text(), m.html(), Boolean.TRUE.equals(m.acknowledgeWarnings())));
        if (!suppressedNow(caller.accountId(), List.of(sendable(m.to()))).orElseThrow(SendGate::addressBookUnavailable)
                .isEmpty()) {
            throw ApiException.invalid("to", "this address is suppressed (unsubscribed, bounced or "
                    + "complained) and is not sent to");
        }
        SendStore.Created created = store.create(caller.accountId(), new SendStore.NewSendContent(SendKind.TRANSACTIONAL,
                m.from(), m.fromName(), m.replyTo(), m.subject(), m.text(), m.html(), admitted.decision(),
                admitted.json()), List.of(new SendStore.NewRecipient(sendable(m.to()), null)), java.util.Set.of(), clock.millis());
        engine.wake();
        activityLog.record(ActivityEvent.by(caller, "delivery.message.queued").detail("message", created.deliveryIds()
                .get(0)).detail("verdict", admitted.decision()).build());
        return message(caller, created.deliveryIds().get(0));
    }

    /**
     * Queues a message NeuroMail itself sends to a user of the account, from the operator's system
     * address (see {@link io.neuromail.api.mail.SystemMail}). Not marketing, not the account's content.
     */
    public String sendSystemMessage(String accountId, String to, String subject, String text) {
        Validator.message(new NewMessage(config.systemFrom(), "NeuroMail", null, to, subject, text, null, null));
        SendStore.Created created = store.create(accountId, new SendStore.NewSendContent(SendKind.SYSTEM,
                config.systemFrom(), "NeuroMail", null, subject, text, null, null, null),
                List.of(new SendStore.NewRecipient(sendable(to), null)), java.util.Set.of(), clock.millis());
        engine.wake();
        return created.deliveryIds().get(0);
    }

    /**
     * The form of a validated address that is stored and sent to: the local part as given, the domain
     * in ASCII ({@code xn--}) form, so a sender never meets an internationalised domain.
     */
    private static String sendable(String validated) {
        return EmailAddress.of(validated).address();
    }

    /** One transactional message (ledger row) of the caller's account. */
    public DeliveryView message(Caller caller, String id) {
        return store.delivery(caller.accountId(), id).orElseThrow(() -> ApiException.notFound("message"));
    }

    /**
     * Creates a campaign or test send with one ledger row per recipient, past the send gate. Recipients
     * on the account's suppression list get a row in the state {@code suppressed} and nothing else.
     */
    public SendView createSend(Caller caller, NewSend s) {
        Validator.send(s);
        String kind = s.kind() == null ? SendKind.CAMPAIGN : s.kind();
        // Subject, text and HTML are Liquid templates, as in campaigns: checked against the names the
        // recipients' fields give, and shown to the filters as rendered without anyone's values.
        MessageTemplates.Content content = new MessageTemplates.Content(s.subject(), null, s.html(), s.text());
        java.util.Set<String> known = new java.util.HashSet<>(List.of("email", MessageBuilder.UNSUBSCRIBE_TAG));
        s.recipients().forEach(r -> {
            if (r.fields() != null) {
                known.addAll(r.fields().keySet());
            }
        });
        requireValid(templates.check(content, known));
        MessageTemplates.Content sample = sample(content, Map.of());
        SendGate.Admitted admitted = gate.admit(caller, new SendGate.Content(kind, s.from(), s.replyTo(),
                sample.subject(), sample.text(), sample.html(), Boolean.TRUE.equals(s.acknowledgeWarnings()), true));
        List<SendStore.NewRecipient> recipients = new ArrayList<>(s.recipients().size());
        for (Requests.NewRecipient r : s.recipients()) {
            recipients.add(new SendStore.NewRecipient(sendable(r.email()), r.fields() == null || r.fields().isEmpty() ? null
                    : json(r.fields())));
        }
        java.util.Set<String> suppressed = new java.util.HashSet<>();
        for (int from = 0; from < recipients.size(); from += Suppressions.MAX_BATCH) {
            suppressed.addAll(suppressedNow(caller.accountId(), recipients.subList(from, Math.min(recipients.size(),
                    from + Suppressions.MAX_BATCH)).stream().map(SendStore.NewRecipient::email).toList())
                    .orElseThrow(SendGate::addressBookUnavailable));
        }
        SendStore.Created created = store.create(caller.accountId(), new SendStore.NewSendContent(kind, s.from(),
                s.fromName(), s.replyTo(), s.subject(), s.text(), s.html(), admitted.decision(), admitted.json(),
                SendContent.LIQUID), recipients, suppressed, clock.millis());
        engine.wake();
        activityLog.record(ActivityEvent.by(caller, "delivery.send.created").detail("send", created.sendId())
                .detail("recipients", recipients.size()).detail("suppressed", suppressed.size())
                .detail("verdict", admitted.decision()).build());
        return send(caller, created.sendId());
    }

    /**
     * Which of {@code emails} (at most {@link Suppressions#MAX_BATCH}) are on the account's suppression
     * list now; empty when the address book is not running.
     */
    java.util.Optional<java.util.Set<String>> suppressedNow(String accountId, List<String> emails) {
        Suppressions s = suppressions;
        if (s == null) {
            return java.util.Optional.empty();
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int from = 0; from < emails.size(); from += Suppressions.MAX_BATCH) {
            out.addAll(s.suppressed(accountId, emails.subList(from, Math.min(emails.size(), from + Suppressions.MAX_BATCH))));
        }
        return java.util.Optional.of(out);
    }

    /** The merge values of some contacts; empty while the address book is not running. */
    private java.util.Optional<Map<String, io.neuromail.contacts.api.Recipient>> mergeValues(String accountId,
                                                                                            List<String> contactIds) {
        Recipients r = recipients;
        return r == null ? java.util.Optional.empty() : java.util.Optional.of(r.byIds(accountId, contactIds));
    }

    // --- marketing sends in Liquid (MarketingSends)

    /** Refuses templates with problems: a 422 naming each part, line and column. */
    private static void requireValid(List<MessageTemplates.Problem> problems) {
        if (!problems.isEmpty()) {
            ApiException.Validation v = ApiException.validation();
            problems.stream().limit(50).forEach(p -> v.reject(p.part(), (p.line() > 0 ? "line " + p.line() + ", column "
                    + p.column() + ": " : "") + p.message()));
            v.throwIfInvalid();
        }
    }

    /**
     * The templates rendered with {@code values} only (no recipient's), for the content filters; the
     * unsubscribe link is a sample of its form.
     */
    private MessageTemplates.Content sample(MessageTemplates.Content content, Map<String, ?> values) {
        try {
            Map<String, Object> fallbacks = new java.util.HashMap<>(values);
            fallbacks.put(MessageBuilder.UNSUBSCRIBE_TAG, builder.canBuildMarketing() ? builder.sampleUnsubscribeUrl() : "");
            return templates.render(content, fallbacks);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "the template cannot be rendered" : e.getMessage();
            int colon = message.indexOf(": ");
            throw ApiException.invalid(colon > 0 ? message.substring(0, colon) : "content",
                    colon > 0 ? message.substring(colon + 2) : message);
        }
    }

    /**
     * Starts a Liquid marketing send past the same gate as {@code POST /sends}: the request is
     * validated, its templates checked against the names the account's contacts have, a rendering with
     * the constants only (no contact's values) is shown to the content filters, and only then are the
     * rows created: for an audience in one statement inside the database, for a test for its addresses.
     */
    MarketingSends.Started startMarketing(Caller caller, MarketingSends.Request request) {
        Validator.marketing(request);
        String kind = request.test() ? SendKind.TEST : SendKind.CAMPAIGN;
        Recipients book = recipients;
        if (book == null) {
            throw SendGate.addressBookUnavailable();
        }
        if (request.senderName() != null && !access.allows(caller.accountId(), request.senderName(), defaultSender)) {
            throw ApiException.invalid("senderName", "this account may not use the sender '" + request.senderName()
                    + "'; ask the operator of this NeuroMail to allow it");
        }
        java.util.Set<String> known = new java.util.HashSet<>(MessageTemplates.STANDARD_NAMES);
        known.addAll(book.attributeNames(caller.accountId()));
        known.addAll(request.constants().keySet());
        requireValid(templates.check(request.content(), known));
        MessageTemplates.Content sample = sample(request.content(), request.constants());
        SendGate.Admitted admitted = gate.admit(caller, new SendGate.Content(kind, request.from(), request.replyTo(),
                sample.subject(), sample.text(), sample.html(), request.acknowledgeWarnings(), true));
        // Tracking changes only the stored template's link addresses, after the filters judged the real ones.
        boolean tracked = request.tracked() && !request.test() && request.content().html() != null;
        TrackedHtml.Rewritten html = tracked ? TrackedHtml.rewrite(request.content().html())
                : new TrackedHtml.Rewritten(request.content().html(), List.of());
        SendStore.NewMarketingSend send = new SendStore.NewMarketingSend(kind, request.from(), request.fromName(),
                request.replyTo(), request.content().subject(), request.content().preheader(), request.content().text(),
                html.html(), request.constants(), request.senderName(), request.source(),
                admitted.decision(), admitted.json(), tracked, html.links());
        long now = clock.millis();
        String sendId;
        long rows;
        if (request.test()) {
            List<SendStore.TestRow> to = request.testRecipients().stream()
                    .map(t -> new SendStore.TestRow(sendable(t.email()), t.contactId())).toList();
            sendId = store.createTest(caller.accountId(), send, to, now).sendId();
            rows = to.size();
        } else {
            io.neuromail.contacts.api.Recipients.Selection selection;
            try {
                selection = book.select(caller.accountId(), request.audience());
            } catch (java.util.NoSuchElementException e) {
                throw ApiException.invalid("audience", e.getMessage());
            }
            Map.Entry<String, Long> created = store.createFromAudience(caller.accountId(), send, selection.sql(),
                    selection.parameters(), now).orElseThrow(() -> ApiException.invalid("audience",
                    "the audience has no subscribed contact whose address is not suppressed"));
            sendId = created.getKey();
            rows = created.getValue();
        }
        engine.wake();
        activityLog.record(ActivityEvent.by(caller, "delivery.send.created").detail("send", sendId)
                .detail("recipients", rows).detail("kind", kind).detail("source", request.source())
                .detail("verdict", admitted.decision()).build());
        return new MarketingSends.Started(sendId, rows, admitted.decision());
    }

    /** How far a send of the account has come. */
    java.util.Optional<MarketingSends.Progress> progress(String accountId, String sendId) {
        return store.find(accountId, sendId, clock.millis()).map(DeliveryService::progress);
    }

    /** A send of the account by the domain of its recipients: the {@code limit} largest domains. */
    List<MarketingSends.DomainProgress> domains(String accountId, String sendId, int limit) {
        return store.domains(accountId, sendId, limit, clock.millis());
    }

    /** The addresses of some messages of a send of the account, by message id. */
    Map<String, String> recipients(String accountId, String sendId, java.util.Collection<String> deliveryIds) {
        if (deliveryIds.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 message ids at a time, got " + deliveryIds.size());
        }
        return store.recipients(accountId, sendId, deliveryIds);
    }

    /** The marketing messages to a contact of the account, newest first. */
    List<MarketingSends.ContactMessage> messagesOf(String accountId, String contactId, int limit) {
        return store.messagesOf(accountId, contactId, Math.max(1, Math.min(limit, 500)));
    }

    /** Applies an action to a send of the caller's account ({@link #act}) and answers its progress. */
    MarketingSends.Progress actMarketing(Caller caller, String sendId, String action) {
        return progress(act(caller, sendId, action));
    }

    private static MarketingSends.Progress progress(SendView v) {
        Map<String, Long> c = v.counts();
        long sentLastMinute = Math.round(v.ratePerSecond() * 60);
        return new MarketingSends.Progress(v.id(), v.state(), v.stateReason(), v.total(),
                // Rows handed off and awaiting the sender's answer count as not yet done.
                c.getOrDefault(DeliveryState.QUEUED, 0L) + c.getOrDefault(DeliveryState.HANDED_OFF, 0L),
                c.getOrDefault(DeliveryState.SENT, 0L), c.getOrDefault(DeliveryState.FAILED, 0L),
                c.getOrDefault(DeliveryState.SUPPRESSED, 0L), c.getOrDefault(DeliveryState.UNCERTAIN, 0L),
                sentLastMinute, v.createdAt().toEpochMilli(),
                v.finishedAt() == null ? null : v.finishedAt().toEpochMilli(), v.bounces(), v.transientBounces(),
                v.complaints());
    }

    /** What a tracked send's hits need: its account and its links. */
    private record TrackedSend(String accountId, List<String> links) {
    }

    /** Tracked sends by id, as hits need them; their links never change. Small: no templates are kept. */
    private final Map<String, TrackedSend> trackedSends = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, TrackedSend> eldest) {
                    return size() > 2_000;
                }
            });

    /** What a token of an open pixel or click link stands for ({@link TrackingLinks}). */
    java.util.Optional<TrackingLinks.Hit> trackingHit(String token) {
        java.util.Optional<TrackingTokens.Parsed> parsed = trackingTokens.parse(token);
        if (parsed.isEmpty()) {
            return java.util.Optional.empty();
        }
        TrackingTokens.Parsed p = parsed.get();
        TrackedSend send = trackedSends.get(p.sendId());
        if (send == null) {
            java.util.Optional<SendContent> content = store.content(p.sendId()).filter(SendContent::tracked);
            if (content.isEmpty()) {
                return java.util.Optional.empty();
            }
            send = new TrackedSend(content.get().accountId(), content.get().links());
            trackedSends.put(p.sendId(), send);
        }
        int links = send.links().size();
        if (p.open()) {
            return java.util.Optional.of(new TrackingLinks.Hit(send.accountId(), p.sendId(), p.deliveryId(), true, 0, null,
                    links));
        }
        if (p.link() == TrackingLinks.HONEYPOT) {
            return java.util.Optional.of(new TrackingLinks.Hit(send.accountId(), p.sendId(), p.deliveryId(), false,
                    TrackingLinks.HONEYPOT, null, links));
        }
        if (p.link() > links) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new TrackingLinks.Hit(send.accountId(), p.sendId(), p.deliveryId(), false, p.link(),
                send.links().get(p.link() - 1), links));
    }

    /** The tracked links of a send of the account ({@link TrackingLinks#links}). */
    List<String> trackedLinks(String accountId, String sendId) {
        return store.content(sendId).filter(c -> c.accountId().equals(accountId)).filter(SendContent::tracked)
                .map(SendContent::links).orElse(List.of());
    }

    /** The tracked messages with these ids ({@link TrackingLinks#messages}). */
    Map<String, TrackingLinks.Message> trackedMessages(java.util.Collection<String> deliveryIds) {
        return store.messages(deliveryIds);
    }

    /** The message a valid unsubscribe token was made for (the tracking bundle's unsubscribe page). */
    java.util.Optional<Unsubscribes.Target> unsubscribeTarget(String token) {
        java.util.Optional<String> id = UnsubscribeTokens.deliveryId(token);
        if (id.isEmpty() || id.get().length() > 64) {
            return java.util.Optional.empty();
        }
        return store.unsubscribeTarget(id.get()).filter(t -> SendContent.marketing(t.kind()))
                .filter(t -> tokens.verify(token, t.target().accountId(), t.target().sendId(), t.target().recipient()))
                .map(SendStore.KindAndTarget::target);
    }

    private static String json(Map<String, String> fields) {
        try {
            String value = JSON.writeValueAsString(fields);
            if (value.length() > 4000) {
                throw ApiException.invalid("recipients", "merge fields of one recipient take at most "
                        + "4000 characters as JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's sends. */
    public Page<SendView> sends(Caller caller, PageRequest request) {
        return Page.of(store.list(caller.accountId(), request.size(), request.offset(), clock.millis()),
                store.count(caller.accountId()), request);
    }

    /** One send of the caller's account. */
    public SendView send(Caller caller, String id) {
        return store.find(caller.accountId(), id, clock.millis()).orElseThrow(() -> ApiException.notFound("send"));
    }

    /** Rows of a send of the caller's account. */
    public Page<DeliveryView> deliveries(Caller caller, String sendId, String state, String query, PageRequest request) {
        send(caller, sendId);
        if (state != null && !state.isBlank() && !DeliveryState.ALL.contains(state)) {
            throw ApiException.invalid("state", "state is one of " + DeliveryState.ALL);
        }
        return store.deliveries(caller.accountId(), sendId, state, query, request);
    }

    /** Applies {@code action} (pause, resume, cancel, resend-failed, resend-uncertain) to a send. */
    public SendView act(Caller caller, String sendId, String action) {
        SendView before = send(caller, sendId);
        if ((action.equals("resume") || action.startsWith("resend")) && !SendKind.SYSTEM.equals(before.kind())) {
            // What goes out again goes out only from an identity that is still verified.
            gate.requireVerified(caller.accountId(), before.from());
        }
        long now = clock.millis();
        boolean done;
        int requeued = 0;
        switch (action) {
            case "pause" -> done = store.transition(caller.accountId(), sendId, List.of(SendState.RUNNING),
                    SendState.PAUSED, null, now);
            case "resume" -> done = store.transition(caller.accountId(), sendId,
                    List.of(SendState.PAUSED, SendState.AUTO_PAUSED), SendState.RUNNING, null, now);
            case "cancel" -> done = store.cancel(caller.accountId(), sendId, now);
            case "resend-failed", "resend-uncertain" -> {
                if (SendState.CANCELLED.equals(before.state())) {
                    throw ApiException.conflict("a cancelled send cannot resend");
                }
                requeued = store.requeue(caller.accountId(), sendId, action.equals("resend-failed")
                        ? DeliveryState.FAILED : DeliveryState.UNCERTAIN, now,
                        emails -> suppressedNow(caller.accountId(), emails).orElseThrow(SendGate::addressBookUnavailable));
                done = true;
            }
            default -> throw ApiException.notFound("action");
        }
        if (!done) {
            throw ApiException.conflict("a " + before.state() + " send cannot " + action);
        }
        engine.wake();
        activityLog.record(ActivityEvent.by(caller, "delivery.send." + action).detail("send", sendId)
                .detail("requeued", action.startsWith("resend") ? requeued : null).build());
        return send(caller, sendId);
    }

    /**
     * The account's settings, or the defaults. A sender the operator no longer allows the account is
     * replaced by the default sender.
     */
    AccountSettings settingsOf(String accountId) {
        java.util.function.Predicate<String> allowed = name -> access.allows(accountId, name, defaultSender);
        return unit.inAccount(accountId, em -> em.createQuery("SELECT s FROM SettingsEntity s", SettingsEntity.class)
                .getResultStream().findFirst()
                .map(s -> new AccountSettings(s.senderName == null || !allowed.test(s.senderName) ? defaultSender
                        : s.senderName, s.fallback, allowed))
                .orElse(new AccountSettings(defaultSender, false, allowed)));
    }

    /** The caller's settings with the senders it may use. */
    public SettingsView settings(Caller caller) {
        AccountSettings s = settingsOf(caller.accountId());
        return new SettingsView(s.sender(), s.fallback(), senders.named(s.sender()).isPresent(), senderViews(caller));
    }

    /** Changes the caller's sender and fallback. */
    public SettingsView updateSettings(Caller caller, SettingsUpdate update) {
        if (update == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        ApiException.validation()
                .require(update.sender() != null && update.sender().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}"),
                        "sender", "sender is the name of a sender (letters, digits, '_', '.', '-')")
                .throwIfInvalid();
        if (!access.allows(caller.accountId(), update.sender(), defaultSender)) {
            throw ApiException.invalid("sender", "this account may not use the sender '" + update.sender()
                    + "'; ask the operator of this NeuroMail to allow it");
        }
        if (senders.named(update.sender()).isEmpty() && !Boolean.TRUE.equals(update.senderExpectedLater())) {
            throw ApiException.invalid("sender", "no sender called '" + update.sender() + "' is registered now; "
                    + "send \"senderExpectedLater\": true to choose it before its bundle is installed");
        }
        unit.inAccount(caller.accountId(), em -> {
            SettingsEntity entity = em.createQuery("SELECT s FROM SettingsEntity s", SettingsEntity.class)
                    .getResultStream().findFirst().orElseGet(() -> {
                        SettingsEntity created = new SettingsEntity();
                        created.id = UUID.randomUUID().toString();
                        em.persist(created);
                        return created;
                    });
            entity.senderName = update.sender();
            entity.fallback = Boolean.TRUE.equals(update.fallback());
            entity.updatedAt = clock.millis();
            return entity;
        });
        engine.wake();
        activityLog.record(ActivityEvent.by(caller, "delivery.settings.changed").detail("sender", update.sender())
                .detail("fallback", Boolean.TRUE.equals(update.fallback())).build());
        return settings(caller);
    }

    /** The registered senders the caller's account may use, best ranked first. */
    public List<SenderView> senderViews(Caller caller) {
        List<SenderView> views = new ArrayList<>();
        for (Entry e : senders.all()) {
            if (!access.allows(caller.accountId(), e.name(), defaultSender)) {
                continue;
            }
            try {
                SenderLimits limits = e.sender().limits();
                views.add(new SenderView(e.name(), e.title(), e.ranking(), limits.maxPerSecond(),
                        limits.maxMessageBytes(), null));
            } catch (RuntimeException ex) {
                views.add(new SenderView(e.name(), e.title(), e.ranking(), 0, 0, "the sender cannot tell its limits now"));
            }
        }
        return views;
    }

    /** Runs the connection check of a registered sender. */
    public TestResult testConnection(Caller caller, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid("sender", "sender is required");
        }
        Entry entry = senders.named(name).filter(e -> access.allows(caller.accountId(), e.name(), defaultSender))
                .orElseThrow(() -> ApiException.invalid("sender", "no sender called '" + name
                        + "' is registered for this account"));
        TestResult result;
        try {
            result = new TestResult(name, true, entry.sender().testConnection());
        } catch (Exception e) {
            result = new TestResult(name, false, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        activityLog.record(ActivityEvent.by(caller, "delivery.sender.tested").detail("sender", name)
                .detail("ok", result.ok()).build());
        return result;
    }

    /** Sends a short test message through the account's sender, via the ledger. */
    public DeliveryView sendTestMessage(Caller caller, Requests.TestMessage body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        String from = body.from() == null || body.from().isBlank() ? caller.email() : body.from();
        return sendMessage(caller, new NewMessage(from, "NeuroMail", null, body.to(), "NeuroMail test message",
                "This is a test message from NeuroMail. Your sender settings work.", null, null));
    }

    /** The senders registered now, best ranked first (the operator's console). */
    public List<Entry> registeredSenders() {
        return senders.all();
    }

    /** The sender of accounts that chose none ({@code defaultSender} in {@code etc/io.neuromail.delivery.cfg}). */
    public String defaultSender() {
        return defaultSender;
    }

    /** Wakes the workers (new or requeued rows). */
    public void wake() {
        engine.wake();
    }

    private static String derivedNodeId() {
        String data = System.getProperty("karaf.data", Path.of("").toAbsolutePath().toString());
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Path.of(data).toAbsolutePath().normalize()
                    .toString().getBytes(StandardCharsets.UTF_8));
            return (host.length() > 40 ? host.substring(0, 40) : host).toLowerCase(Locale.ROOT) + "-"
                    + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key that signs List-Unsubscribe tokens: the configured one, or else the one all nodes on this
     * database share (made by the first node that starts). A key an earlier release kept in this
     * node's data folder becomes the shared one when there is none yet, so links already sent keep
     * opening.
     */
    private byte[] unsubscribeSecret(DeliveryConfig config) throws IOException {
        if (!config.unsubscribe_secret().isBlank()) {
            return config.unsubscribe_secret().getBytes(StandardCharsets.UTF_8);
        }
        Path earlier = Path.of(System.getProperty("karaf.data", "data"), "neuromail", "delivery", "unsubscribe.key");
        String initial;
        if (Files.isRegularFile(earlier)) {
            initial = Files.readString(earlier, StandardCharsets.US_ASCII).trim();
        } else {
            initial = newSecret();
        }
        String shared = new SharedSecrets(jdbc).getOrCreate(UNSUBSCRIBE_SECRET, () -> initial, clock.millis());
        if (Files.isRegularFile(earlier) && !shared.equals(initial)) {
            LOG.warn("{} differs from the unsubscribe key the nodes on this database share; it is not used. "
                    + "Unsubscribe links this node signed with it before no longer open.", earlier);
        }
        return HexFormat.of().parseHex(shared);
    }

    /** 32 random bytes in hex. */
    private static String newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
