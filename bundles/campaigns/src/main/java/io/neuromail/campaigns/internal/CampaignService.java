package io.neuromail.campaigns.internal;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.CsvCells;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.rest.PublicAddress;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.Scope;
import io.neuromail.contacts.api.Recipient;
import io.neuromail.contacts.api.RecipientQuery;
import io.neuromail.contacts.api.Recipients;
import io.neuromail.delivery.api.MarketingSends;
import io.neuromail.delivery.api.MessageTemplates;
import io.neuromail.delivery.api.Unsubscribes;
import io.neuromail.filter.api.ContentCheck;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Verdict;
import io.neuromail.senderidentity.api.SenderIdentities;
import io.neuromail.campaigns.internal.content.BuiltInTemplates;
import io.neuromail.campaigns.internal.Views.CampaignSummary;
import io.neuromail.campaigns.internal.Views.CampaignView;
import io.neuromail.campaigns.internal.Views.ProgressView;

/**
 * Campaigns of an account: writing them, their audience, checking, test sends, scheduling and
 * starting them. A campaign goes out through delivery's {@link MarketingSends}, the one gate every
 * send passes (may the account send, verified From, content filters, suppression at hand-off);
 * campaigns adds what only a campaign needs (a postal address, no template problems, a non-empty
 * audience) before it asks. Every operation takes the account from the {@link Caller}.
 */
@Component(service = CampaignService.class)
public class CampaignService {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignService.class);
    /** How long a node holds a campaign's start before another may take it over. */
    static final Duration START_LEASE = Duration.ofSeconds(60);
    /** How far ahead a campaign can be scheduled. */
    static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(366);
    static final int MAX_TAGS = 20;
    static final int MAX_TEST = MarketingSends.MAX_TEST_RECIPIENTS;
    private static final String SAMPLE_UNSUBSCRIBE = "/unsubscribe/preview";

    private final Clock clock;
    private final CampaignStore store;
    private final AbTestStore abTests;
    private final SettingsStore settings;
    private final TemplateStore templates;
    private final Composer composer;
    private final PublicAddress publicAddress;
    private final ActivityLog activity;
    private final String node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MarketingSends sends;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MessageTemplates messageTemplates;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Recipients recipients;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SenderIdentities identities;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ContentCheck contentCheck;

    /** The opens and clicks of sends; while tracking is not running, reports show none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile io.neuromail.tracking.api.Engagement engagement;

    /** The tracked links of sends, for the report's table of links. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile io.neuromail.delivery.api.TrackingLinks trackingLinks;

    @Activate
    public CampaignService(@Reference CampaignsDatabase database, @Reference PublicAddress publicAddress,
                           @Reference ActivityLog activity) {
        this(new CampaignStore(database.jdbc()), new AbTestStore(database.jdbc()), new SettingsStore(database.jdbc()),
                new TemplateStore(database.jdbc()), new Composer(), publicAddress, activity, Clock.systemUTC());
    }

    CampaignService(CampaignStore store, AbTestStore abTests, SettingsStore settings, TemplateStore templates,
                    Composer composer, PublicAddress publicAddress, ActivityLog activity, Clock clock) {
        this.store = store;
        this.abTests = abTests;
        this.settings = settings;
        this.templates = templates;
        this.composer = composer;
        this.publicAddress = publicAddress;
        this.activity = activity;
        this.clock = clock;
        this.node = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- writing

    public CampaignView create(Caller caller, Requests.NewCampaign body) {
        String name = Fields.name(body == null ? null : body.name());
        Instant now = clock.instant();
        String subject = null;
        String preheader = null;
        String html = null;
        String text = null;
        boolean textFromHtml = true;
        String templateId = body.templateId();
        if (templateId != null && !templateId.isBlank()) {
            if (templateId.startsWith("builtin:")) {
                BuiltInTemplates.Template t = composer.builtIns().stream().filter(b -> templateId.equals("builtin:" + b.id()))
                        .findFirst().orElseThrow(() -> ApiException.invalid("templateId", "no built-in template " + templateId));
                subject = t.subject();
                html = t.html();
            } else {
                TemplateStore.Template t = templates.find(caller.accountId(), templateId)
                        .orElseThrow(() -> ApiException.invalid("templateId", "no template with id " + templateId));
                subject = t.subject();
                preheader = t.preheader();
                html = t.html();
                text = t.text();
                textFromHtml = t.textFromHtml();
            }
        }
        Composer.Sanitised clean = html == null ? new Composer.Sanitised(null, List.of()) : composer.sanitise(html);
        if (textFromHtml && clean.html() != null) {
            text = composer.textOf(clean.html());
        }
        Campaign c = new Campaign(UUID.randomUUID().toString(), caller.accountId(), name, CampaignStatus.DRAFT, null,
                subject, preheader, null, null, null, clean.html(), text, textFromHtml, clean.notes(), null, false,
                Audience.empty(), null, null, null, null, false, null, null, null, true, Tokens.next(), false, true, 1,
                caller.getName(), now, now, List.of());
        store.insert(c);
        activity.record(ActivityEvent.by(caller, "campaign.created").detail("campaign", c.id()).detail("name", name).build());
        return view(caller.accountId(), c);
    }

    public CampaignView update(Caller caller, String id, Requests.CampaignBody body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body with the campaign is required");
        }
        Campaign current = require(caller.accountId(), id);
        Campaign.Content content = validated(body, current);
        store.updateContent(caller.accountId(), id, body.version(), content, clock.instant());
        return get(caller, id);
    }

    /** Checks a saved body field by field (all problems at once) and sanitises its HTML. */
    private Campaign.Content validated(Requests.CampaignBody b, Campaign current) {
        ApiException.Validation v = ApiException.validation();
        v.require(b.version() != null, "version", "give the version you edited (from the campaign you loaded)");
        String name = Fields.optional(v, "name", b.name(), 200, false);
        v.require(name != null, "name", "a campaign needs a name");
        String subject = Fields.optional(v, "subject", b.subject(), 998, true);
        String preheader = Fields.optional(v, "preheader", b.preheader(), 500, true);
        String from = Fields.address(v, "from", b.from());
        String fromName = Fields.optional(v, "fromName", b.fromName(), 200, true);
        String replyTo = Fields.address(v, "replyTo", b.replyTo());
        String html = Fields.body(v, "html", b.html());
        String text = Fields.body(v, "text", b.text());
        String senderName = Fields.optional(v, "senderName", b.senderName(), 100, true);
        List<String> tags = Fields.tags(v, b.tags(), MAX_TAGS);
        Audience audience = b.audience() == null ? current.audience() : b.audience();
        try {
            audience.validated();
        } catch (ApiException e) {
            v.reject("audience", e.detail());
        }
        if (v.hasErrors()) {
            v.throwIfInvalid();
        }
        boolean textFromHtml = b.textFromHtml() == null ? current.textFromHtml() : b.textFromHtml();
        List<String> notes = List.of();
        if (html != null) {
            Composer.Sanitised clean = composer.sanitise(html);
            html = clean.html();
            notes = clean.notes();
        }
        if (textFromHtml) {
            text = html == null ? null : composer.textOf(html);
        }
        return new Campaign.Content(name, subject, preheader, from, fromName, replyTo, html, text, textFromHtml, notes,
                senderName, b.inlineCss() == null ? current.inlineCss() : b.inlineCss(), audience,
                b.webview() == null || b.webview().enabled() == null ? current.webviewEnabled() : b.webview().enabled(),
                b.archive() == null ? current.inArchive() : b.archive(),
                b.tracking() == null ? current.tracking() : b.tracking(), tags);
    }

    public void delete(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        CampaignStatus.require("delete", c.status());
        if (!store.delete(caller.accountId(), id, CampaignStatus.MOVES.get("delete").from())) {
            throw ApiException.conflict("the campaign changed meanwhile; reload it");
        }
        activity.record(ActivityEvent.by(caller, "campaign.deleted").detail("campaign", id).detail("name", c.name()).build());
    }

    public CampaignView duplicate(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        Instant now = clock.instant();
        String name = c.name().startsWith("Copy of ") || c.name().length() > 190 ? c.name() : "Copy of " + c.name();
        Campaign copy = new Campaign(UUID.randomUUID().toString(), c.accountId(), name, CampaignStatus.DRAFT, null,
                c.subject(), c.preheader(), c.from(), c.fromName(), c.replyTo(), c.html(), c.text(), c.textFromHtml(),
                c.sanitiserNotes(), c.senderName(), c.inlineCss(), c.audience(), null, null, null, null, false, null, null,
                null, c.webviewEnabled(), Tokens.next(), c.inArchive(), c.tracking(), 1, caller.getName(), now, now,
                c.tags());
        store.insert(copy);
        activity.record(ActivityEvent.by(caller, "campaign.created").detail("campaign", copy.id())
                .detail("name", name).detail("copyOf", id).build());
        return view(caller.accountId(), copy);
    }

    // ---------------------------------------------------------------- reading

    public CampaignView get(Caller caller, String id) {
        return view(caller.accountId(), follow(require(caller.accountId(), id)));
    }

    public Page<CampaignSummary> list(Caller caller, String query, String status, String tag, String sort,
                                      PageRequest page) {
        if (query != null && query.length() > 200) {
            throw ApiException.invalid("q", "search for at most 200 characters");
        }
        if (status != null && !status.isBlank() && !CampaignStatus.ALL.contains(status)) {
            throw ApiException.invalid("status", "status is one of " + CampaignStatus.ALL);
        }
        if (sort != null && !sort.isBlank() && !CampaignStore.SORTS.containsKey(sort)) {
            throw ApiException.invalid("sort", "sort is one of " + new TreeSet<>(CampaignStore.SORTS.keySet()));
        }
        if (tag != null && tag.length() > 64) {
            throw ApiException.invalid("tag", "a tag has at most 64 characters");
        }
        Page<Campaign> rows = store.list(caller.accountId(), query, status, tag, sort, page);
        List<CampaignSummary> items = new ArrayList<>();
        for (Campaign c : rows.items()) {
            Campaign now = follow(c);
            items.add(new CampaignSummary(now.id(), now.name(), now.status(), now.statusReason(), now.subject(),
                    now.tags(), now.scheduledAt(), now.startedAt(), now.sentAt(), now.updatedAt(), progress(now)));
        }
        return Page.of(items, rows.total(), page);
    }

    public List<String> tags(Caller caller) {
        return store.tags(caller.accountId());
    }

    public long count(Caller caller, Audience audience) {
        Audience a = (audience == null ? Audience.empty() : audience).validated();
        if (a.includesNothing()) {
            return 0;
        }
        Recipients r = recipients;
        if (r == null) {
            throw unavailable("the address book is not running");
        }
        try {
            return r.count(caller.accountId(), a.query());
        } catch (NoSuchElementException e) {
            throw ApiException.invalid("audience", e.getMessage());
        }
    }

    public List<Views.MergeTag> mergeTags(Caller caller) {
        List<Views.MergeTag> tags = new ArrayList<>(List.of(
                new Views.MergeTag("first_name", "First name", "{{ first_name | default: \"there\" }}"),
                new Views.MergeTag("last_name", "Last name", "{{ last_name }}"),
                new Views.MergeTag("email", "Email address", "{{ email }}"),
                new Views.MergeTag("unsubscribe_url", "Unsubscribe link", "<a href=\"{{unsubscribe_url}}\">Unsubscribe</a>"),
                new Views.MergeTag("webview_url", "View in browser link", "<a href=\"{{webview_url}}\">View in your browser</a>"),
                new Views.MergeTag("account_name", "Your organisation's name", "{{ account_name }}"),
                new Views.MergeTag("postal_address", "Your postal address", "{{ postal_address }}")));
        Recipients r = recipients;
        if (r != null) {
            for (String name : new TreeSet<>(r.attributeNames(caller.accountId()))) {
                tags.add(new Views.MergeTag(name, "Contact attribute: " + name, "{{ " + name + " }}"));
            }
        }
        return tags;
    }

    // ---------------------------------------------------------------- checking and previews

    /** The problems of a campaign's templates (unknown tags, syntax), with part, line and column. */
    List<MessageTemplates.Problem> problems(Campaign c) {
        MessageTemplates t = messageTemplates;
        if (t == null) {
            return List.of(new MessageTemplates.Problem("content", 0, 0,
                    "the template service is not running, so the merge tags cannot be checked now"));
        }
        Set<String> known = new java.util.HashSet<>(MessageTemplates.STANDARD_NAMES);
        Recipients r = recipients;
        if (r != null) {
            known.addAll(r.attributeNames(c.accountId()));
        }
        return t.check(content(c, false), known);
    }

    public Views.PreviewView preview(Caller caller, String id, String contactId) {
        Campaign c = require(caller.accountId(), id);
        List<MessageTemplates.Problem> problems = problems(c);
        if (!problems.isEmpty()) {
            return new Views.PreviewView(c.subject(), c.preheader(), null, null, problems);
        }
        MessageTemplates.Content rendered = render(c, contactId);
        return new Views.PreviewView(rendered.subject(), rendered.preheader(), rendered.html(), rendered.text(), List.of());
    }

    /** The campaign rendered as {@code contactId} (or with fallbacks only) would receive it. */
    MessageTemplates.Content render(Campaign c, String contactId) {
        MessageTemplates t = messageTemplates;
        if (t == null) {
            throw unavailable("the template service is not running");
        }
        Map<String, Object> values = values(c, contact(c.accountId(), contactId),
                publicAddress.baseUrl() + SAMPLE_UNSUBSCRIBE);
        try {
            return t.render(content(c, true), values);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("html", e.getMessage());
        }
    }

    /** The campaign's web version: fallbacks only, no contact's data, no unsubscribe link of anyone. */
    MessageTemplates.Content webVersion(Campaign c) {
        MessageTemplates t = messageTemplates;
        if (t == null) {
            throw unavailable("the template service is not running");
        }
        return t.render(content(c, true), values(c, null, ""));
    }

    /** What the content filters say about the campaign as a recipient with fallbacks would get it. */
    public Verdict check(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        List<MessageTemplates.Problem> problems = problems(c);
        if (!problems.isEmpty()) {
            throw templateProblems(problems);
        }
        ContentCheck check = contentCheck;
        if (check == null) {
            throw unavailable("the content filters are not running");
        }
        MessageTemplates.Content rendered = render(c, null);
        return check.check(caller.accountId(), new Email(rendered.subject(), c.from(), c.replyTo(), rendered.html(),
                rendered.text(), Map.of()));
    }

    private Recipient contact(String accountId, String contactId) {
        if (contactId == null || contactId.isBlank()) {
            return null;
        }
        Recipients r = recipients;
        if (r == null) {
            throw unavailable("the address book is not running");
        }
        if (contactId.length() > 64) {
            throw ApiException.invalid("contactId", "not a contact id");
        }
        Recipient found = r.byIds(accountId, List.of(contactId)).get(contactId);
        if (found == null) {
            throw ApiException.invalid("contactId", "no contact with id " + contactId);
        }
        return found;
    }

    /** The values a rendering sees: the contact's (when there is one) and the campaign's own. */
    Map<String, Object> values(Campaign c, Recipient contact, String unsubscribeUrl) {
        Map<String, Object> values = new HashMap<>();
        if (contact != null) {
            values.putAll(contact.attributes());
            values.put("email", contact.email());
            if (contact.firstName() != null) {
                values.put("first_name", contact.firstName());
            }
            if (contact.lastName() != null) {
                values.put("last_name", contact.lastName());
            }
        }
        values.putAll(constants(c));
        values.put("unsubscribe_url", unsubscribeUrl);
        return values;
    }

    /** The values that are the same for every recipient of a campaign. */
    Map<String, String> constants(Campaign c) {
        SettingsStore.Settings s = settings.get(c.accountId());
        Map<String, String> constants = new LinkedHashMap<>();
        constants.put("account_name", s.organisationName() == null ? "" : s.organisationName());
        constants.put("postal_address", s.postalAddress() == null ? "" : s.postalAddress());
        constants.put("webview_url", c.webviewEnabled() ? webviewUrl(c) : "");
        return constants;
    }

    String webviewUrl(Campaign c) {
        return publicAddress.baseUrl() + WebVersionServlet.PATH + "/" + c.webviewToken();
    }

    private MessageTemplates.Content content(Campaign c, boolean forSending) {
        String html = c.html();
        if (forSending && html != null && c.inlineCss()) {
            html = composer.inline(html);
        }
        return new MessageTemplates.Content(c.subject() == null ? "" : c.subject(), c.preheader(), html, c.text());
    }

    // ---------------------------------------------------------------- sending

    public Views.TestView test(Caller caller, String id, Requests.TestBody body) {
        requireMaySend(caller);
        Campaign c = require(caller.accountId(), id);
        if (body == null || body.emails() == null || body.emails().isEmpty()) {
            throw ApiException.invalid("emails", "give 1 to " + MAX_TEST + " addresses to send the test to");
        }
        if (body.emails().size() > MAX_TEST) {
            throw ApiException.invalid("emails", "a test goes to at most " + MAX_TEST + " addresses");
        }
        List<MarketingSends.TestRecipient> to = new ArrayList<>();
        for (String raw : body.emails()) {
            try {
                to.add(new MarketingSends.TestRecipient(EmailAddress.of(raw).address(), blankToNull(body.contactId())));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("emails", "not a valid address: " + Fields.shown(raw) + " (" + e.getMessage() + ")");
            }
        }
        if (body.contactId() != null && !body.contactId().isBlank()) {
            contact(caller.accountId(), body.contactId());
        }
        boolean acknowledged = readyToSend(c, Boolean.TRUE.equals(body.acknowledgeWarnings()), false);
        MarketingSends.Started started = requireSends().start(caller, request(c, true, acknowledged, to));
        activity.record(ActivityEvent.by(caller, "campaign.test-sent").detail("campaign", id)
                .detail("send", started.sendId()).detail("recipients", to.size()).build());
        return new Views.TestView(started.sendId(), started.recipients());
    }

    public CampaignView schedule(Caller caller, String id, Requests.ScheduleBody body) {
        requireMaySend(caller);
        Campaign c = require(caller.accountId(), id);
        CampaignStatus.require("schedule", c.status());
        if (body == null) {
            throw ApiException.badRequest("a JSON body with at and timeZone is required");
        }
        ZoneId zone = zone(body.timeZone());
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(body.at() == null ? "" : body.at().strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("at", "give the date and time as 2026-12-03T09:00 (in the chosen time zone)");
        }
        Instant at = local.atZone(zone).toInstant();
        Instant now = clock.instant();
        if (at.isBefore(now.minusSeconds(60))) {
            throw ApiException.invalid("at", "this time has passed; choose a time in the future or send now");
        }
        if (at.isAfter(now.plus(MAX_SCHEDULE_AHEAD))) {
            throw ApiException.invalid("at", "a campaign can be scheduled at most a year ahead");
        }
        boolean acknowledged = readyToSend(c, Boolean.TRUE.equals(body.acknowledgeWarnings()), true);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("scheduled_at", at);
        set.put("schedule_zone", zone.getId());
        set.put("scheduled_by_user", who(caller));
        set.put("scheduled_by_email", caller.email());
        set.put("acknowledged", acknowledged);
        set.put("status_reason", null);
        if (!store.move(caller.accountId(), id, CampaignStatus.MOVES.get("schedule").from(), CampaignStatus.SCHEDULED,
                set, now)) {
            throw ApiException.conflict("the campaign changed meanwhile; reload it");
        }
        activity.record(ActivityEvent.by(caller, "campaign.scheduled").detail("campaign", id)
                .detail("at", at.toString()).detail("timeZone", zone.getId()).build());
        return get(caller, id);
    }

    public CampaignView sendNow(Caller caller, String id, Requests.ActionBody body) {
        requireMaySend(caller);
        Campaign c = require(caller.accountId(), id);
        CampaignStatus.require("send", c.status());
        boolean acknowledged = readyToSend(c, body != null && Boolean.TRUE.equals(body.acknowledgeWarnings()), true);
        Instant now = clock.instant();
        if (!store.claimStart(caller.accountId(), id, CampaignStatus.MOVES.get("send").from(), node,
                now.plus(START_LEASE), now, who(caller), caller.email(), acknowledged)) {
            throw ApiException.conflict("the campaign changed meanwhile (it may be starting already); reload it");
        }
        start(require(caller.accountId(), id), caller, c.status(), true);
        return get(caller, id);
    }

    /** Pause, resume, cancel, unschedule, resend-failed, resend-uncertain. */
    public CampaignView act(Caller caller, String id, String action, Requests.ActionBody body) {
        Campaign c = follow(require(caller.accountId(), id));
        CampaignStatus.Move move = CampaignStatus.require(action, c.status());
        Instant now = clock.instant();
        if (c.sendId() == null && CampaignStatus.SENDING.equals(c.status())) {
            throw ApiException.conflict("the campaign is starting its send; try again in a few seconds");
        }
        if (CampaignStatus.TESTING.equals(c.status())) {
            // Only "cancel" leads out of a test: its variants' sends stop, and no winner is sent.
            for (String sendId : abTests.find(caller.accountId(), id).map(AbTest::sendIds).orElse(List.of())) {
                Optional<MarketingSends.Progress> p = requireSends().progress(caller.accountId(), sendId);
                if (p.isPresent() && !List.of("finished", "cancelled").contains(p.get().state())) {
                    requireSends().act(caller, sendId, action);
                }
            }
        }
        if (c.sendId() == null) {
            // Nothing is being sent yet: only the campaign's own state changes.
            if (!store.move(caller.accountId(), id, move.from(), move.to(), Map.of("status_reason", ""), now)) {
                throw ApiException.conflict("the campaign changed meanwhile; reload it");
            }
        } else {
            if (action.equals("resume") || action.startsWith("resend")) {
                requireMaySend(caller);
            }
            requireSends().act(caller, c.sendId(), action);
            follow(require(caller.accountId(), id));
        }
        activity.record(ActivityEvent.by(caller, "campaign." + action).detail("campaign", id).build());
        return get(caller, id);
    }

    /**
     * Starts due campaigns: those scheduled for now or earlier, and starts another node took and did
     * not finish within its lease (it stopped). Runs on every node; each campaign starts once.
     *
     * @return how many this call started
     */
    public int startDue(int limit) {
        int started = 0;
        Instant now = clock.instant();
        for (Campaign due : store.due(now, limit)) {
            if (!store.claimStart(due.accountId(), due.id(), List.of(CampaignStatus.SCHEDULED), node,
                    now.plus(START_LEASE), now, null, null, false)) {
                continue;
            }
            Campaign claimed = store.find(due.accountId(), due.id()).orElse(null);
            if (claimed == null) {
                continue;
            }
            if (start(claimed, scheduler(claimed), CampaignStatus.DRAFT, false)) {
                started++;
            }
        }
        return started;
    }

    /** Brings the campaigns whose send is under way up to date with it. */
    public void followActive(int limit) {
        for (Campaign c : store.active(limit)) {
            follow(c);
        }
    }

    /**
     * Creates the campaign's send. Called by the node that claimed the start. A refusal (the gate
     * says no) returns the campaign to {@code refusedTo} with the reason; a failure of a service
     * leaves the claim to expire, so the start is tried again.
     */
    private boolean start(Campaign c, Caller caller, String refusedTo, boolean answerCaller) {
        MarketingSends.Started started;
        Optional<AbTest> ab = abTests.find(c.accountId(), c.id());
        try {
            readyToSend(c, c.acknowledged(), true);
            if (ab.isPresent() && ab.get().winner() == null) {
                startTest(c, ab.get(), caller);
                return true;
            }
            if (ab.isPresent()) {
                // The winner goes to the rest of the audience (none when the test took all of it).
                AbTest test = ab.get();
                RecipientQuery rest = c.audience().query().sampled(test.part(test.config().variants().size()));
                Recipients book = recipients;
                if (book != null && book.count(c.accountId(), rest) == 0) {
                    Map<String, Object> done = new LinkedHashMap<>();
                    done.put("sent_at", clock.instant());
                    done.put("start_owner", null);
                    done.put("start_until", null);
                    store.move(c.accountId(), c.id(), List.of(CampaignStatus.SENDING), CampaignStatus.SENT, done,
                            clock.instant());
                    return true;
                }
                started = requireSends().start(caller, request(variant(c, test, test.winner()), "campaign:" + c.id(),
                        false, c.acknowledged(), List.of(), rest));
            } else {
                started = requireSends().start(caller, request(c, false, c.acknowledged(), List.of()));
            }
        } catch (ApiException e) {
            if (e.status() >= 500) {
                if (answerCaller) {
                    store.abandonStart(c.accountId(), c.id(), node, refusedTo, null, clock.instant());
                    throw e;
                }
                LOG.warn("Campaign {} of account {} could not start now ({}); it is tried again", c.id(),
                        c.accountId(), e.detail());
                return false;
            }
            store.abandonStart(c.accountId(), c.id(), node, refusedTo, "not started: " + e.detail(), clock.instant());
            activity.record(ActivityEvent.by(caller, "campaign.start-refused").detail("campaign", c.id())
                    .detail("reason", e.detail()).build());
            if (answerCaller) {
                throw e;
            }
            return false;
        } catch (RuntimeException e) {
            if (answerCaller) {
                store.abandonStart(c.accountId(), c.id(), node, refusedTo, null, clock.instant());
            }
            throw e;
        }
        store.started(c.accountId(), c.id(), node, started.sendId(), clock.instant());
        activity.record(ActivityEvent.by(caller, "campaign.started").detail("campaign", c.id()).detail("send", started.sendId())
                .detail("recipients", started.recipients()).detail("verdict", started.verdict()).build());
        return true;
    }

    /**
     * What delivery is asked to send. Opens and clicks are tracked only when the account and the
     * campaign both allow it, and never for a test: a test's opens are the marketer's own.
     */
    private MarketingSends.Request request(Campaign c, boolean test, boolean acknowledged,
                                           List<MarketingSends.TestRecipient> to) {
        return request(c, "campaign:" + c.id(), test, acknowledged, to, test ? null : c.audience().query());
    }

    private MarketingSends.Request request(Campaign c, String source, boolean test, boolean acknowledged,
                                           List<MarketingSends.TestRecipient> to, RecipientQuery audience) {
        boolean tracked = !test && settings.get(c.accountId()).trackingEnabled() && c.tracking();
        return new MarketingSends.Request(test, source, c.senderName(), c.from(), c.fromName(),
                c.replyTo(), content(c, true), constants(c), acknowledged, audience, to, tracked);
    }

    // ---------------------------------------------------------------- A/B tests

    /** The campaign as variant {@code index} of its test has it (variant 0: as written). */
    private Campaign variant(Campaign c, AbTest test, int index) {
        AbTest.Variant v = test.config().variants().get(index);
        String html = v.html() == null ? c.html() : v.html();
        String text = v.html() != null && c.textFromHtml() ? composer.textOf(html) : c.text();
        return new Campaign(c.id(), c.accountId(), c.name(), c.status(), c.statusReason(),
                v.subject() == null ? c.subject() : v.subject(), c.preheader(), c.from(),
                v.fromName() == null ? c.fromName() : v.fromName(), c.replyTo(), html, text, c.textFromHtml(),
                c.sanitiserNotes(), c.senderName(), c.inlineCss(), c.audience(), c.scheduledAt(), c.scheduleZone(),
                c.scheduledByUser(), c.scheduledByEmail(), c.acknowledged(), c.sendId(), c.startedAt(), c.sentAt(),
                c.webviewEnabled(), c.webviewToken(), c.inArchive(), c.tracking(), c.version(), c.createdBy(),
                c.createdAt(), c.updatedAt(), c.tags());
    }

    /**
     * Sends each variant to its part of the audience, then waits for the winner. Every variant passes
     * the same checks as the campaign (each is a send of its own through delivery's gate). A variant
     * that would reach no one stops the start: the audience is too small for the test.
     */
    private void startTest(Campaign c, AbTest test, Caller caller) {
        int n = test.config().variants().size();
        List<Campaign> versions = new ArrayList<>();
        List<RecipientQuery> parts = new ArrayList<>();
        Recipients book = recipients;
        for (int i = 0; i < n; i++) {
            parts.add(c.audience().query().sampled(test.part(i)));
            if (book != null && book.count(c.accountId(), parts.get(i)) == 0) {
                throw ApiException.invalid("abTest", "the audience is too small for this A/B test: variant "
                        + AbTest.letter(i) + " would reach no one; test a larger share or send without the test");
            }
            versions.add(variant(c, test, i));
            readyToSend(versions.get(i), c.acknowledged(), false);
        }
        List<String> sendIds = new ArrayList<>();
        long recipientsInTest = 0;
        for (int i = 0; i < n; i++) {
            MarketingSends.Started variantSend = requireSends().start(caller, request(versions.get(i),
                    "campaign:" + c.id() + ":variant-" + AbTest.letter(i), false, c.acknowledged(), List.of(), parts.get(i)));
            sendIds.add(variantSend.sendId());
            recipientsInTest += variantSend.recipients();
        }
        Instant now = clock.instant();
        Instant decideAt = AbTest.BY_HAND.equals(test.config().winnerBy()) ? null
                : now.plus(Duration.ofHours(test.config().waitHours()));
        abTests.started(c.accountId(), c.id(), sendIds, decideAt, now);
        store.testing(c.accountId(), c.id(), node, now);
        activity.record(ActivityEvent.by(caller, "campaign.ab-test.started").detail("campaign", c.id())
                .detail("sends", String.join(",", sendIds)).detail("recipients", recipientsInTest).build());
    }

    /** The test of a campaign with its variants' figures so far. */
    public Views.AbTestView abTest(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        AbTest test = abTests.find(caller.accountId(), id).orElseThrow(() -> ApiException.notFound("A/B test"));
        return abTestView(c, test);
    }

    private Views.AbTestView abTestView(Campaign c, AbTest test) {
        List<Views.VariantView> variants = new ArrayList<>();
        List<Views.VariantResult> results = results(c, test);
        for (int i = 0; i < test.config().variants().size(); i++) {
            AbTest.Variant v = test.config().variants().get(i);
            variants.add(new Views.VariantView(AbTest.letter(i), v.subject(), v.fromName(), v.html(),
                    results.isEmpty() ? null : results.get(i), test.winner() != null && test.winner() == i));
        }
        String state = test.sendIds().isEmpty() ? "ready" : test.winner() == null ? "testing" : "decided";
        return new Views.AbTestView(state, test.config().testShare(), test.config().winnerBy(),
                test.config().waitHours(), test.decideAt(), test.winner() == null ? null : AbTest.letter(test.winner()),
                test.decidedBy(), test.decidedAt(), variants);
    }

    /** Each variant's messages sent and the people who opened and clicked in them (empty before the start). */
    private List<Views.VariantResult> results(Campaign c, AbTest test) {
        if (test.sendIds().isEmpty()) {
            return List.of();
        }
        MarketingSends s = sends;
        io.neuromail.tracking.api.Engagement e = engagement;
        List<Views.VariantResult> out = new ArrayList<>();
        for (String sendId : test.sendIds()) {
            Optional<MarketingSends.Progress> p = s == null ? Optional.empty() : s.progress(c.accountId(), sendId);
            long sent = p.map(MarketingSends.Progress::sent).orElse(0L);
            io.neuromail.tracking.api.Engagement.Totals t = e == null ? io.neuromail.tracking.api.Engagement.Totals.NONE
                    : e.totals(c.accountId(), sendId);
            out.add(new Views.VariantResult(sendId, p.map(MarketingSends.Progress::state).orElse(null), sent,
                    t.uniqueHumanOpens(), t.uniqueHumanClicks(), rate(t.uniqueHumanOpens(), sent),
                    rate(t.uniqueHumanClicks(), sent)));
        }
        return out;
    }

    /** Sets the A/B test of a campaign that can still be edited. */
    public Views.AbTestView saveAbTest(Caller caller, String id, Requests.AbTestBody body) {
        Campaign c = require(caller.accountId(), id);
        if (!CampaignStatus.EDITABLE.contains(c.status())) {
            throw ApiException.conflict("a " + c.status() + " campaign's A/B test cannot be changed");
        }
        AbTest.Config config = validated(body);
        abTests.save(caller.accountId(), id, config);
        activity.record(ActivityEvent.by(caller, "campaign.ab-test.saved").detail("campaign", id)
                .detail("variants", config.variants().size()).build());
        return abTest(caller, id);
    }

    public void deleteAbTest(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        if (!CampaignStatus.EDITABLE.contains(c.status()) || !abTests.delete(caller.accountId(), id)) {
            throw abTests.find(caller.accountId(), id).isPresent()
                    ? ApiException.conflict("a " + c.status() + " campaign's A/B test cannot be removed")
                    : ApiException.notFound("A/B test");
        }
        activity.record(ActivityEvent.by(caller, "campaign.ab-test.removed").detail("campaign", id).build());
    }

    private AbTest.Config validated(Requests.AbTestBody b) {
        if (b == null) {
            throw ApiException.badRequest("a JSON body with the A/B test is required");
        }
        ApiException.Validation v = ApiException.validation();
        List<Requests.VariantBody> raw = b.variants() == null ? List.of() : b.variants();
        v.require(raw.size() >= AbTest.MIN_VARIANTS && raw.size() <= AbTest.MAX_VARIANTS, "variants",
                "an A/B test has " + AbTest.MIN_VARIANTS + " to " + AbTest.MAX_VARIANTS + " variants");
        int share = b.testShare() == null ? 20 : b.testShare();
        v.require(share >= AbTest.MIN_SHARE && share <= AbTest.MAX_SHARE, "testShare",
                "the share of the audience that tests is " + AbTest.MIN_SHARE + " to " + AbTest.MAX_SHARE + " %");
        String by = b.winnerBy() == null ? AbTest.BY_OPENS : b.winnerBy();
        v.require(List.of(AbTest.BY_OPENS, AbTest.BY_CLICKS, AbTest.BY_HAND).contains(by), "winnerBy",
                "the winner is chosen by opens, clicks or hand");
        int wait = b.waitHours() == null ? 4 : b.waitHours();
        v.require(AbTest.BY_HAND.equals(by) || wait >= 1 && wait <= AbTest.MAX_WAIT_HOURS, "waitHours",
                "the winner is chosen 1 to " + AbTest.MAX_WAIT_HOURS + " hours after the start");
        List<AbTest.Variant> variants = new ArrayList<>();
        for (int i = 0; i < raw.size() && i < AbTest.MAX_VARIANTS; i++) {
            Requests.VariantBody r = raw.get(i) == null ? new Requests.VariantBody(null, null, null) : raw.get(i);
            String path = "variants[" + i + "]";
            String subject = Fields.optional(v, path + ".subject", r.subject(), 998, true);
            String fromName = Fields.optional(v, path + ".fromName", r.fromName(), 200, true);
            String html = Fields.body(v, path + ".html", r.html());
            if (html != null) {
                html = composer.sanitise(html).html();
            }
            variants.add(new AbTest.Variant(subject, fromName, html));
        }
        if (!v.hasErrors() && new java.util.HashSet<>(variants).size() < variants.size()) {
            v.reject("variants", "two variants are the same; each variant changes the subject, the From name or "
                    + "the content");
        }
        v.throwIfInvalid();
        return new AbTest.Config(variants, share, by, AbTest.BY_HAND.equals(by) ? 0 : wait);
    }

    /**
     * Chooses the winners of tests that are due by opens or clicks, and sends each to the rest of its
     * audience. Runs on every node; each test is decided once.
     */
    public int decideDue(int limit) {
        int decided = 0;
        for (String[] due : abTests.due(clock.instant(), limit)) {
            Campaign c = store.find(due[0], due[1]).orElse(null);
            AbTest test = abTests.find(due[0], due[1]).orElse(null);
            if (c == null || test == null) {
                continue;
            }
            List<Views.VariantResult> results = results(c, test);
            boolean byClicks = AbTest.BY_CLICKS.equals(test.config().winnerBy());
            int best = 0;
            for (int i = 1; i < results.size(); i++) {
                if (measure(results.get(i), byClicks) > measure(results.get(best), byClicks)) {
                    best = i; // a tie keeps the earlier variant
                }
            }
            if (finishTest(c, test, best, test.config().winnerBy(), scheduler(c), false)) {
                decided++;
            }
        }
        return decided;
    }

    private static double measure(Views.VariantResult result, boolean byClicks) {
        Double rate = byClicks ? result.clickRate() : result.openRate();
        return rate == null ? 0.0 : rate;
    }

    /** Chooses the winner of a running test by hand, and sends it to the rest of the audience. */
    public CampaignView chooseWinner(Caller caller, String id, Requests.WinnerBody body) {
        requireMaySend(caller);
        Campaign c = require(caller.accountId(), id);
        AbTest test = abTests.find(caller.accountId(), id).orElseThrow(() -> ApiException.notFound("A/B test"));
        if (!CampaignStatus.TESTING.equals(c.status())) {
            throw ApiException.conflict("the winner is chosen while the campaign is testing; it is " + c.status());
        }
        String letter = body == null || body.variant() == null ? "" : body.variant().strip().toUpperCase(java.util.Locale.ROOT);
        int index = letter.length() == 1 ? letter.charAt(0) - 'A' : -1;
        if (index < 0 || index >= test.config().variants().size()) {
            throw ApiException.invalid("variant", "the variant is one of A to "
                    + AbTest.letter(test.config().variants().size() - 1));
        }
        if (!finishTest(c, test, index, AbTest.BY_HAND, caller, true)) {
            throw ApiException.conflict("the winner was chosen meanwhile; reload the campaign");
        }
        return get(caller, id);
    }

    /** Records the winner (once) and starts its send to the rest of the audience. */
    private boolean finishTest(Campaign c, AbTest test, int winner, String by, Caller caller, boolean answerCaller) {
        Instant now = clock.instant();
        if (!abTests.decide(c.accountId(), c.id(), winner, by, now)) {
            return false;
        }
        activity.record(ActivityEvent.by(caller, "campaign.ab-test.decided").detail("campaign", c.id())
                .detail("winner", AbTest.letter(winner)).detail("by", by).build());
        if (!store.claimStart(c.accountId(), c.id(), List.of(CampaignStatus.TESTING), node, now.plus(START_LEASE), now,
                null, null, false)) {
            return true;
        }
        Campaign claimed = store.find(c.accountId(), c.id()).orElse(null);
        return claimed != null && start(claimed, caller, CampaignStatus.TESTING, answerCaller);
    }

    /**
     * What only a campaign needs before it is sent or scheduled: a From, a subject and a body, no
     * template problems, the postal address, an audience that is not empty, and a content verdict
     * that does not block (a warning needs the acknowledgement). Delivery's gate checks the rest (and
     * the verdict again) when the send is made.
     *
     * @return whether the content filters warned and the caller acknowledged it
     */
    private boolean readyToSend(Campaign c, boolean acknowledgeWarnings, boolean needsAudience) {
        ApiException.Validation v = ApiException.validation();
        v.require(c.from() != null, "from", "choose the From address (one of your verified sender identities)");
        v.require(c.subject() != null && !c.subject().isBlank(), "subject", "write a subject");
        v.require(c.html() != null && !c.html().isBlank() || c.text() != null && !c.text().isBlank(), "html",
                "write the message");
        SettingsStore.Settings s = settings.get(c.accountId());
        v.require(s.hasPostalAddress(), "postalAddress", "add your postal address under Campaigns > Settings; "
                + "marketing mail must show it");
        if (v.hasErrors()) {
            v.throwIfInvalid();
        }
        List<MessageTemplates.Problem> problems = problems(c);
        if (!problems.isEmpty()) {
            throw templateProblems(problems);
        }
        SenderIdentities known = identities;
        if (known != null && !known.isVerified(c.accountId(), c.from())) {
            throw ApiException.invalid("from", c.from() + " is not a verified sender identity of this account; verify it "
                    + "under Settings > Sender identities");
        }
        if (needsAudience) {
            requireAudience(c);
            Recipients r = recipients;
            if (r == null) {
                throw unavailable("the address book is not running; nothing is sent until it is");
            }
            long n;
            try {
                n = r.count(c.accountId(), c.audience().query());
            } catch (NoSuchElementException e) {
                throw ApiException.invalid("audience", e.getMessage() + "; it may have been deleted");
            }
            if (n == 0) {
                throw ApiException.invalid("audience", "the audience has no subscribed contacts that can be mailed");
            }
        }
        ContentCheck check = contentCheck;
        if (check != null) {
            MessageTemplates.Content rendered = render(c, null);
            Verdict verdict = check.check(c.accountId(), new Email(rendered.subject(), c.from(), c.replyTo(),
                    rendered.html(), rendered.text(), Map.of()));
            if (verdict.decision() == io.neuromail.filter.api.Decision.BLOCK) {
                throw ApiException.invalid("content", "the content filters block this campaign: " + reasons(verdict)
                        + ". Change the content and try again").with("verdict", verdict);
            }
            if (verdict.decision() == io.neuromail.filter.api.Decision.WARN && !acknowledgeWarnings) {
                throw ApiException.invalid("acknowledgeWarnings", "the content filters warn: " + reasons(verdict)
                        + ". Change the content, or confirm that you want to send it anyway").with("verdict", verdict);
            }
        }
        return acknowledgeWarnings;
    }

    private static String reasons(Verdict verdict) {
        List<String> messages = verdict.findings().stream().filter(f -> f.finding().score() > 0)
                .map(f -> f.finding().message()).distinct().limit(5).toList();
        return messages.isEmpty() ? "score " + verdict.score() : String.join("; ", messages);
    }

    private void requireAudience(Campaign c) {
        if (c.audience().includesNothing()) {
            throw ApiException.invalid("audience", "choose at least one list or segment to send to");
        }
    }

    private static ApiException templateProblems(List<MessageTemplates.Problem> problems) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (MessageTemplates.Problem p : problems) {
            errors.add(new ApiException.FieldError(p.part(), (p.line() > 0 ? "line " + p.line() + ", column " + p.column()
                    + ": " : "") + p.message()));
        }
        return new ApiException(422, "Validation Failed", "the merge tags have problems: " + errors.get(0).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors, Map.of())
                .with("problems", problems);
    }

    // ---------------------------------------------------------------- following the send

    /** The campaign brought up to date with its send's state. */
    Campaign follow(Campaign c) {
        if (c.sendId() == null || !(CampaignStatus.SENDING.equals(c.status()) || CampaignStatus.PAUSED.equals(c.status()))) {
            return c;
        }
        MarketingSends s = sends;
        if (s == null) {
            return c;
        }
        Optional<MarketingSends.Progress> p = s.progress(c.accountId(), c.sendId());
        if (p.isEmpty()) {
            return c;
        }
        String to = switch (p.get().state()) {
            case "finished" -> CampaignStatus.SENT;
            case "cancelled" -> CampaignStatus.CANCELLED;
            case "paused", "auto-paused" -> CampaignStatus.PAUSED;
            default -> CampaignStatus.SENDING;
        };
        String reason = p.get().stateReason();
        if (to.equals(c.status()) && java.util.Objects.equals(reason, c.statusReason())) {
            return c;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("status_reason", reason);
        if (CampaignStatus.SENT.equals(to)) {
            set.put("sent_at", p.get().finishedAt() == null ? clock.instant() : Instant.ofEpochMilli(p.get().finishedAt()));
        }
        store.move(c.accountId(), c.id(), List.of(c.status()), to, set, clock.instant());
        return store.find(c.accountId(), c.id()).orElse(c);
    }

    /**
     * What became of a campaign's send: delivery's counts, and the opens and clicks tracking counted,
     * people and machines apart; the rates are of people only, over the messages sent.
     */
    public Views.ReportView report(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        ProgressView progress = progress(c);
        io.neuromail.tracking.api.Engagement e = engagement;
        io.neuromail.tracking.api.Engagement.Totals totals = c.sendId() == null || e == null
                ? io.neuromail.tracking.api.Engagement.Totals.NONE : e.totals(c.accountId(), c.sendId());
        List<Views.LinkReport> links = new ArrayList<>();
        io.neuromail.delivery.api.TrackingLinks tl = trackingLinks;
        if (c.sendId() != null && e != null) {
            List<String> urls = tl == null ? List.of() : tl.links(c.accountId(), c.sendId());
            Map<Integer, io.neuromail.tracking.api.Engagement.LinkClicks> clicked = new HashMap<>();
            e.links(c.accountId(), c.sendId()).forEach(l -> clicked.put(l.link(), l));
            for (int i = 1; i <= urls.size(); i++) {
                io.neuromail.tracking.api.Engagement.LinkClicks l = clicked.get(i);
                links.add(l == null ? new Views.LinkReport(i, urls.get(i - 1), 0, 0, 0)
                        : new Views.LinkReport(i, urls.get(i - 1), l.clicks(), l.uniqueClicks(), l.humanClicks()));
            }
        }
        long sent = progress == null ? 0 : progress.sent();
        long unsubscribes = c.sendId() == null || e == null ? 0 : e.unsubscribes(c.accountId(), c.sendId());
        Timeline.View timeline = Timeline.of(c.sendId() == null || e == null ? List.of() : e.hours(c.accountId(), c.sendId()),
                c.startedAt(), clock.instant());
        Views.Engagement opens = new Views.Engagement(totals.opens(), totals.uniqueOpens(), totals.humanOpens(),
                totals.uniqueHumanOpens(), totals.machineOpens());
        Views.Engagement clicks = new Views.Engagement(totals.clicks(), totals.uniqueClicks(), totals.humanClicks(),
                totals.uniqueHumanClicks(), totals.machineClicks());
        Views.Rates rates = new Views.Rates(rate(totals.uniqueHumanOpens(), sent), rate(totals.uniqueHumanClicks(), sent),
                rate(totals.uniqueHumanClicks(), totals.uniqueHumanOpens()), rate(unsubscribes, sent),
                rate(progress == null ? 0 : progress.bounces() + progress.softBounces(), sent),
                rate(progress == null ? 0 : progress.complaints(), sent));
        return new Views.ReportView(c.id(), c.name(), c.subject(), c.status(), c.startedAt(), c.sentAt(), c.tracking(),
                progress, opens, clicks, rates, links, unsubscribes, timeline);
    }

    /** The domains a campaign's report lists one by one; the rest are added up as "other". */
    static final int REPORT_DOMAINS = 10;

    /**
     * A campaign's figures by the email domain of its recipients: the {@link #REPORT_DOMAINS} domains
     * with the most recipients, and the rest together. Empty before the campaign started.
     */
    public Views.DomainsReport domains(Caller caller, String id) {
        Campaign c = require(caller.accountId(), id);
        MarketingSends s = sends;
        if (c.sendId() == null || s == null) {
            return new Views.DomainsReport(List.of(), null);
        }
        List<MarketingSends.DomainProgress> top = s.domains(c.accountId(), c.sendId(), REPORT_DOMAINS);
        io.neuromail.tracking.api.Engagement e = engagement;
        Map<String, io.neuromail.tracking.api.Engagement.DomainEngagement> engaged = new HashMap<>();
        if (e != null && !top.isEmpty()) {
            e.domains(c.accountId(), c.sendId(), top.stream().map(MarketingSends.DomainProgress::domain).toList())
                    .forEach(d -> engaged.put(d.domain(), d));
        }
        List<Views.DomainReport> rows = new ArrayList<>();
        long[] listed = new long[7];
        for (MarketingSends.DomainProgress d : top) {
            io.neuromail.tracking.api.Engagement.DomainEngagement de = engaged.get(d.domain());
            long opened = de == null ? 0 : de.uniqueHumanOpens();
            long clicked = de == null ? 0 : de.uniqueHumanClicks();
            rows.add(domainReport(d.domain(), d.recipients(), d.sent(), d.bounces(), d.softBounces(), d.complaints(),
                    opened, clicked));
            long[] add = {d.recipients(), d.sent(), d.bounces(), d.softBounces(), d.complaints(), opened, clicked};
            for (int i = 0; i < add.length; i++) {
                listed[i] += add[i];
            }
        }
        MarketingSends.Progress p = s.progress(c.accountId(), c.sendId()).orElse(null);
        io.neuromail.tracking.api.Engagement.Totals t = e == null ? io.neuromail.tracking.api.Engagement.Totals.NONE
                : e.totals(c.accountId(), c.sendId());
        Views.DomainReport other = null;
        if (p != null && p.total() > listed[0]) {
            other = domainReport(null, p.total() - listed[0], Math.max(0, p.sent() - listed[1]),
                    Math.max(0, p.bounces() - listed[2]), Math.max(0, p.softBounces() - listed[3]),
                    Math.max(0, p.complaints() - listed[4]), Math.max(0, t.uniqueHumanOpens() - listed[5]),
                    Math.max(0, t.uniqueHumanClicks() - listed[6]));
        }
        return new Views.DomainsReport(rows, other);
    }

    private static Views.DomainReport domainReport(String domain, long recipients, long sent, long bounces,
                                                   long softBounces, long complaints, long opened, long clicked) {
        return new Views.DomainReport(domain, recipients, sent, bounces, softBounces, complaints, opened, clicked,
                rate(opened, sent), rate(clicked, sent), rate(bounces + softBounces, sent));
    }

    /** Something to write as CSV once its request was found valid (streamed after the answer's headers). */
    @FunctionalInterface
    public interface CsvExport {
        void write(Writer out) throws IOException;
    }

    /** Message ids asked of tracking and delivery at a time while exporting. */
    static final int EXPORT_PAGE = 1000;

    /**
     * A campaign's report as CSV, in four blocks: the figures, the links, the timeline (hours, then
     * days) and the email domains. Rates are fractions, times ISO 8601 in UTC.
     */
    public CsvExport reportCsv(Caller caller, String id) {
        Views.ReportView r = report(caller, id);
        Views.DomainsReport domains = domains(caller, id);
        return out -> {
            ProgressView d = r.delivery();
            CsvCells.line(out, List.of("figure", "value"));
            CsvCells.line(out, List.of("campaign", r.name()));
            CsvCells.line(out, Arrays.asList("subject", r.subject()));
            CsvCells.line(out, Arrays.asList("started", r.startedAt()));
            CsvCells.line(out, Arrays.asList("finished", r.sentAt()));
            CsvCells.line(out, List.of("tracked", r.tracked()));
            Object[][] figures = {
                {"recipients", d == null ? 0 : d.total()}, {"sent", d == null ? 0 : d.sent()},
                {"delivered", d == null ? 0 : d.delivered()}, {"bounced for good", d == null ? 0 : d.bounces()},
                {"bounced for now", d == null ? 0 : d.softBounces()}, {"marked as spam", d == null ? 0 : d.complaints()},
                {"failed", d == null ? 0 : d.failed()}, {"skipped (suppressed)", d == null ? 0 : d.suppressed()},
                {"unsubscribed", r.unsubscribes()},
                {"opened (people)", r.opens().uniqueHuman()}, {"clicked (people)", r.clicks().uniqueHuman()},
                {"opens by people", r.opens().human()}, {"opens by machines", r.opens().machine()},
                {"opens (all)", r.opens().total()}, {"clicks by people", r.clicks().human()},
                {"clicks by machines", r.clicks().machine()}, {"clicks (all)", r.clicks().total()},
                {"open rate", r.rates().open()}, {"click rate", r.rates().click()},
                {"click-to-open rate", r.rates().clickToOpen()}, {"unsubscribe rate", r.rates().unsubscribe()},
                {"bounce rate", r.rates().bounce()}, {"complaint rate", r.rates().complaint()},
            };
            for (Object[] f : figures) {
                CsvCells.line(out, Arrays.asList(f));
            }
            out.write("\r\n");
            CsvCells.line(out, List.of("link", "url", "clicks", "messages clicked", "clicks by people"));
            for (Views.LinkReport l : r.links()) {
                CsvCells.line(out, List.of(l.link(), l.url(), l.clicks(), l.uniqueClicks(), l.humanClicks()));
            }
            out.write("\r\n");
            CsvCells.line(out, List.of("period", "start", "opened (people)", "clicked (people)", "opens by people",
                    "clicks by people", "opens by machines", "clicks by machines", "unsubscribed"));
            for (String unit : List.of("hour", "day")) {
                for (Timeline.Point p : unit.equals("hour") ? r.timeline().hours() : r.timeline().days()) {
                    CsvCells.line(out, List.of(unit, p.start(), p.uniqueHumanOpens(), p.uniqueHumanClicks(),
                            p.humanOpens(), p.humanClicks(), p.machineOpens(), p.machineClicks(), p.unsubscribes()));
                }
            }
            out.write("\r\n");
            CsvCells.line(out, List.of("email domain", "recipients", "sent", "bounced for good", "bounced for now",
                    "marked as spam", "opened (people)", "clicked (people)", "open rate", "click rate", "bounce rate"));
            List<Views.DomainReport> rows = new ArrayList<>(domains.domains());
            if (domains.other() != null) {
                rows.add(domains.other());
            }
            for (Views.DomainReport row : rows) {
                CsvCells.line(out, Arrays.asList(row.domain() == null ? "(other domains)" : row.domain(), row.recipients(),
                        row.sent(), row.bounces(), row.softBounces(), row.complaints(), row.opened(), row.clicked(),
                        row.openRate(), row.clickRate(), row.bounceRate()));
            }
            out.flush();
        };
    }

    /**
     * The people who opened ({@code activity} {@code opened}) or clicked ({@code clicked}) a campaign's
     * messages as CSV: address, first open, first click, contact id. Machines are left out. Recorded in
     * the account's activity, since it lists contacts.
     */
    public CsvExport recipientsCsv(Caller caller, String id, String activity) {
        Campaign c = require(caller.accountId(), id);
        boolean clicked;
        if ("opened".equals(activity)) {
            clicked = false;
        } else if ("clicked".equals(activity)) {
            clicked = true;
        } else {
            throw ApiException.invalid("activity", "activity is opened or clicked");
        }
        io.neuromail.tracking.api.Engagement e = engagement;
        MarketingSends s = sends;
        return out -> {
            CsvCells.line(out, List.of("email", "first opened", "first clicked", "contact id"));
            long written = 0;
            if (c.sendId() != null && e != null && s != null) {
                String after = null;
                List<io.neuromail.tracking.api.Engagement.Engaged> page;
                do {
                    page = e.engaged(c.accountId(), c.sendId(), clicked, after, EXPORT_PAGE);
                    Map<String, String> addresses = page.isEmpty() ? Map.of()
                            : s.recipients(c.accountId(), c.sendId(), page.stream()
                                    .map(io.neuromail.tracking.api.Engagement.Engaged::deliveryId).toList());
                    for (io.neuromail.tracking.api.Engagement.Engaged m : page) {
                        String email = addresses.get(m.deliveryId());
                        if (email != null) {
                            CsvCells.line(out, Arrays.asList(email, m.firstOpen(), m.firstClick(), m.contactId()));
                            written++;
                        }
                    }
                    after = page.isEmpty() ? after : page.get(page.size() - 1).deliveryId();
                } while (page.size() == EXPORT_PAGE);
            }
            out.flush();
            this.activity.record(ActivityEvent.by(caller, "campaign.recipients.exported").detail("campaign", c.id())
                    .detail("activity", activity).detail("recipients", written).build());
        };
    }

    /** A contact's history shows at most this many messages. */
    static final int CONTACT_HISTORY = 100;

    /**
     * The campaigns a contact of the account was sent, newest first, with when the contact first opened
     * and clicked each (people only). Empty for an unknown contact, and while delivery is not running.
     */
    public List<Views.ContactCampaign> contactHistory(Caller caller, String contactId) {
        if (contactId == null || contactId.isBlank()) {
            throw ApiException.invalid("contactId", "a contact id is required");
        }
        MarketingSends s = sends;
        if (s == null) {
            return List.of();
        }
        List<MarketingSends.ContactMessage> messages = s.messagesOf(caller.accountId(), contactId.strip(), CONTACT_HISTORY);
        if (messages.isEmpty()) {
            return List.of();
        }
        Map<String, Campaign> campaigns = store.bySends(caller.accountId(),
                messages.stream().map(MarketingSends.ContactMessage::sendId).toList());
        // The versions of A/B tests are sends of their campaigns too.
        List<String> others = messages.stream().map(MarketingSends.ContactMessage::sendId)
                .filter(id -> !campaigns.containsKey(id)).distinct().toList();
        if (!others.isEmpty()) {
            Map<String, Optional<Campaign>> tested = new HashMap<>();
            abTests.campaignsOfSends(caller.accountId(), others).forEach((sendId, campaignId) -> tested
                    .computeIfAbsent(campaignId, id -> store.find(caller.accountId(), id))
                    .ifPresent(c -> campaigns.put(sendId, c)));
        }
        io.neuromail.tracking.api.Engagement e = engagement;
        Map<String, io.neuromail.tracking.api.Engagement.Engaged> engaged = new HashMap<>();
        if (e != null) {
            e.engaged(caller.accountId(), messages.stream().map(MarketingSends.ContactMessage::deliveryId).toList())
                    .forEach(m -> engaged.put(m.deliveryId(), m));
        }
        List<Views.ContactCampaign> out = new ArrayList<>();
        for (MarketingSends.ContactMessage m : messages) {
            Campaign c = campaigns.get(m.sendId());
            if (c == null) {
                continue;  // a send through the API, not a campaign
            }
            io.neuromail.tracking.api.Engagement.Engaged did = engaged.get(m.deliveryId());
            out.add(new Views.ContactCampaign(c.id(), c.name(), c.subject(), m.state(), Instant.ofEpochMilli(m.at()),
                    did == null ? null : did.firstOpen(), did == null ? null : did.firstClick()));
        }
        return out;
    }

    /** Campaigns the comparison shows when the client does not say, and at most. */
    static final int COMPARED = 10;
    static final int MAX_COMPARED = 50;

    /**
     * The account's latest campaigns that started sending, newest first, side by side: the figures of
     * their reports without links and timelines (every figure is read from counters).
     */
    public List<Views.ComparedCampaign> compare(Caller caller, String size) {
        int n = COMPARED;
        if (size != null && !size.isBlank()) {
            String v = size.strip();
            n = v.length() > 3 || !v.chars().allMatch(Character::isDigit) ? -1 : Integer.parseInt(v);
            if (n < 1 || n > MAX_COMPARED) {
                throw ApiException.invalid("size", "must be a whole number from 1 to " + MAX_COMPARED);
            }
        }
        io.neuromail.tracking.api.Engagement e = engagement;
        List<Views.ComparedCampaign> out = new ArrayList<>();
        for (Campaign c : store.started(caller.accountId(), n)) {
            ProgressView p = progress(c);
            io.neuromail.tracking.api.Engagement.Totals t = e == null
                    ? io.neuromail.tracking.api.Engagement.Totals.NONE : e.totals(c.accountId(), c.sendId());
            long unsubscribes = e == null ? 0 : e.unsubscribes(c.accountId(), c.sendId());
            long sent = p == null ? 0 : p.sent();
            long bounces = p == null ? 0 : p.bounces() + p.softBounces();
            long complaints = p == null ? 0 : p.complaints();
            out.add(new Views.ComparedCampaign(c.id(), c.name(), c.status(), c.startedAt(), c.sentAt(), c.tracking(), sent,
                    p == null ? 0 : p.delivered(), t.uniqueHumanOpens(), t.uniqueHumanClicks(), unsubscribes, bounces,
                    complaints, new Views.Rates(rate(t.uniqueHumanOpens(), sent), rate(t.uniqueHumanClicks(), sent),
                            rate(t.uniqueHumanClicks(), t.uniqueHumanOpens()), rate(unsubscribes, sent),
                            rate(bounces, sent), rate(complaints, sent))));
        }
        return out;
    }

    /** {@code part} of {@code whole} as a fraction rounded to 4 places; {@code null} when there is no whole. */
    static Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    private ProgressView progress(Campaign c) {
        MarketingSends s = sends;
        if (c.sendId() == null || s == null) {
            return null;
        }
        return s.progress(c.accountId(), c.sendId()).map(p -> new ProgressView(p.state(), p.stateReason(), p.total(),
                p.sent(), p.failed(), p.suppressed(), p.queued(), p.uncertain(), p.perMinute(),
                p.perMinute() > 0 && p.queued() > 0 ? (Long) (p.queued() * 60 / p.perMinute()) : null,
                Math.max(0, p.sent() - p.bounces() - p.softBounces()), p.bounces(), p.softBounces(), p.complaints()))
                .orElse(null);
    }

    // ---------------------------------------------------------------- templates and settings

    public List<Views.TemplateView> templates(Caller caller) {
        List<Views.TemplateView> out = new ArrayList<>();
        for (BuiltInTemplates.Template b : composer.builtIns()) {
            out.add(new Views.TemplateView("builtin:" + b.id(), b.name(), b.description(), true, b.subject()));
        }
        for (TemplateStore.Template t : templates.all(caller.accountId())) {
            out.add(new Views.TemplateView(t.id(), t.name(), "Saved from a campaign", false, t.subject()));
        }
        return out;
    }

    public Views.TemplateView saveTemplate(Caller caller, Requests.TemplateBody body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body with name and campaignId is required");
        }
        String name = Fields.name(body.name());
        Campaign c = store.find(caller.accountId(), body.campaignId() == null ? "" : body.campaignId())
                .orElseThrow(() -> ApiException.invalid("campaignId", "no campaign with this id"));
        TemplateStore.Template t = templates.create(caller.accountId(), name, c);
        activity.record(ActivityEvent.by(caller, "campaign.template-saved").detail("template", t.id())
                .detail("name", name).build());
        return new Views.TemplateView(t.id(), t.name(), "Saved from a campaign", false, t.subject());
    }

    public void deleteTemplate(Caller caller, String id) {
        if (!templates.delete(caller.accountId(), id)) {
            throw ApiException.notFound("template");
        }
    }

    public Views.SettingsView settings(Caller caller) {
        return settingsView(settings.get(caller.accountId()));
    }

    public Views.SettingsView updateSettings(Caller caller, Requests.SettingsBody body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body with the settings is required");
        }
        ApiException.Validation v = ApiException.validation();
        String name = Fields.optional(v, "organisationName", body.organisationName(), 200, true);
        String address = Fields.multiline(v, "postalAddress", body.postalAddress(), 500);
        if (v.hasErrors()) {
            v.throwIfInvalid();
        }
        SettingsStore.Settings s = settings.update(caller.accountId(), name, address,
                Boolean.TRUE.equals(body.archiveEnabled()), body.trackingEnabled());
        activity.record(ActivityEvent.by(caller, "campaign.settings-changed")
                .detail("trackingEnabled", s.trackingEnabled()).build());
        return settingsView(s);
    }

    SettingsStore settingsStore() {
        return settings;
    }

    CampaignStore store() {
        return store;
    }

    private Views.SettingsView settingsView(SettingsStore.Settings s) {
        return new Views.SettingsView(s.organisationName(), s.postalAddress(), s.archiveEnabled(),
                publicAddress.baseUrl() + WebVersionServlet.ARCHIVE_PATH + "/" + s.archiveToken(), s.trackingEnabled());
    }

    // ---------------------------------------------------------------- helpers

    private CampaignView view(String accountId, Campaign c) {
        Views.ScheduleView schedule = c.scheduledAt() == null ? null : new Views.ScheduleView(c.scheduledAt(),
                c.scheduleZone(), c.scheduleZone() == null ? null
                : LocalDateTime.ofInstant(c.scheduledAt(), ZoneId.of(c.scheduleZone())).toString());
        return new CampaignView(c.id(), c.name(), c.status(), blankToNull(c.statusReason()), c.subject(), c.preheader(),
                c.from(), c.fromName(), c.replyTo(), c.html(), c.text(), c.textFromHtml(), c.tags(), c.senderName(),
                c.inlineCss(), c.audience(), schedule, new Views.WebviewView(c.webviewEnabled(),
                c.webviewEnabled() ? webviewUrl(c) : null), c.inArchive(), c.tracking(), c.sendId(), progress(c),
                c.version(), c.createdAt(), c.updatedAt(), c.startedAt(), c.sentAt(), problems(c), c.sanitiserNotes());
    }

    Campaign require(String accountId, String id) {
        if (id == null || id.length() > 64) {
            throw ApiException.notFound("campaign");
        }
        return store.find(accountId, id).orElseThrow(() -> ApiException.notFound("campaign"));
    }

    private MarketingSends requireSends() {
        MarketingSends s = sends;
        if (s == null) {
            throw unavailable("delivery is not running; nothing is sent until it is");
        }
        return s;
    }

    private static void requireMaySend(Caller caller) {
        if (!caller.maySend()) {
            throw ApiException.forbidden("this account sends nothing until its owner confirms their email address: "
                    + "open the link NeuroMail mailed to it (the account page can send it again)");
        }
    }

    /**
     * The caller a scheduled start acts as: whoever scheduled it. They could send when they scheduled
     * it, and an account that may send never loses that, so the start may send too; delivery's gate
     * checks everything else again.
     */
    private static Caller scheduler(Campaign c) {
        String who = c.scheduledByUser();
        if (who != null && who.startsWith("api-key:")) {
            return new Caller(c.accountId(), null, null, Caller.AuthMethod.API_KEY, who.substring(8),
                    EnumSet.of(Scope.SEND), true);
        }
        return new Caller(c.accountId(), who, c.scheduledByEmail(), Caller.AuthMethod.SESSION, null,
                EnumSet.of(Scope.SEND), true);
    }

    private static String who(Caller caller) {
        return caller.userId() != null ? caller.userId() : "api-key:" + caller.apiKeyId();
    }

    private static ZoneId zone(String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw ApiException.invalid("timeZone", "choose a time zone, e.g. Europe/Berlin");
        }
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            throw ApiException.invalid("timeZone", "unknown time zone " + Fields.shown(id));
        }
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail, List.of(), Map.of("Retry-After", "30"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }
}
