package io.neuromail.billing.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.billing.Limit;
import io.neuromail.api.billing.UsageMeter;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.LogSafe;
import io.neuromail.api.security.Caller;
import io.neuromail.api.team.TeamRoles;
import io.neuromail.billing.internal.Plans.Plan;

/**
 * Plans, subscriptions and their limits. With billing off (the shipped default, for self-hosted use)
 * no account has a limit. With billing on, an account has the plan its Paddle subscription buys while
 * the subscription is active, trialing or past due (Paddle retries the payment meanwhile), and the
 * operator's default plan otherwise.
 */
@Component(service = {BillingService.class, AccountLimits.class}, configurationPid = BillingService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class BillingService implements AccountLimits {

    static final String PID = "io.neuromail.billing";

    /** Subscription states in which the paid plan applies. */
    static final Set<String> PAID = Set.of("active", "trialing", "past_due");

    private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT_FIELD = "neuromail_account_id";

    /** The configuration in force: replaced as a whole when the operator changes the file. */
    private record Settings(boolean enabled, Plans plans, PaddleSignature signature, String apiKey, URI apiBase) {
    }

    private final BillingStore store;
    private final ActivityLog activity;
    private final Clock clock = Clock.systemUTC();
    /** Paddle's client, made at the first checkout: building one sets up TLS, which a start with billing off never needs. */
    private HttpClient http;
    private final List<UsageMeter> meters = new CopyOnWriteArrayList<>();
    private volatile Settings settings;

    /** Who is an owner: only owners choose the plan. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TeamRoles team;

    @Activate
    public BillingService(@Reference Persistence persistence, @Reference ActivityLog activity, Map<String, Object> config) {
        persistence.migrate("billing", BillingService.class.getClassLoader(), "io/neuromail/billing/db/changelog.xml");
        this.store = new BillingStore(persistence.jdbc());
        this.activity = activity;
        modified(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        boolean enabled = Boolean.parseBoolean(String.valueOf(config.getOrDefault("enabled", "false")).strip());
        Plans plans = Plans.of(config);
        List<String> secrets = Arrays.stream(String.valueOf(config.getOrDefault("paddle.webhookSecrets", "")).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        long tolerance = Long.parseLong(String.valueOf(config.getOrDefault("paddle.toleranceSeconds", "300")).strip());
        String apiKey = String.valueOf(config.getOrDefault("paddle.apiKey", "")).strip();
        URI apiBase = URI.create(String.valueOf(config.getOrDefault("paddle.apiBase", "https://api.paddle.com")).strip()
                .replaceAll("/+$", ""));
        settings = new Settings(enabled, plans, new PaddleSignature(secrets, Duration.ofSeconds(tolerance), clock), apiKey,
                apiBase);
        if (enabled) {
            LOG.info("Billing is on: {} plans, default plan '{}', {} webhook secrets", plans.all().size(),
                    plans.defaultPlan().id(), secrets.size());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMeter(UsageMeter meter) {
        meters.add(meter);
    }

    void removeMeter(UsageMeter meter) {
        meters.remove(meter);
    }

    // ------------------------------------------------------------------ limits

    @Override
    public OptionalLong limit(String accountId, Limit limit) {
        Settings s = settings;
        if (!s.enabled()) {
            return OptionalLong.empty();
        }
        return planOf(s, store.subscription(accountId)).limit(limit);
    }

    private static Plan planOf(Settings s, Optional<BillingStore.Subscription> subscription) {
        return subscription.filter(sub -> PAID.contains(sub.status())).flatMap(sub -> s.plans().plan(sub.planId()))
                .orElse(s.plans().defaultPlan());
    }

    // ------------------------------------------------------------------ the Billing page

    /** A plan as the Billing page offers it. */
    public record PlanView(String id, String name, String price, Map<String, Long> limits, boolean purchasable) {
    }

    /** One meter: what the account uses of a limit, and what its plan allows ({@code null}: no limit). */
    public record Meter(String limit, long used, Long allowed) {
    }

    /** {@code GET /billing}. */
    public record BillingView(boolean enabled, PlanView plan, String status, Instant renewsAt, Instant canceledAt,
                              Instant lastPaymentAt, List<Meter> usage, List<PlanView> plans, boolean canChoose) {
    }

    public BillingView view(Caller caller) {
        Settings s = settings;
        Optional<BillingStore.Subscription> subscription = store.subscription(caller.accountId());
        Plan plan = s.enabled() ? planOf(s, subscription) : null;
        List<Meter> usage = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            for (UsageMeter meter : meters) {
                if (meter.limit() == limit) {
                    OptionalLong allowed = plan == null ? OptionalLong.empty() : plan.limit(limit);
                    usage.add(new Meter(limit.id(), meter.usage(caller.accountId()),
                            allowed.isPresent() ? allowed.getAsLong() : null));
                    break;
                }
            }
        }
        boolean owner = isOwner(caller);
        return new BillingView(s.enabled(), plan == null ? null : view(plan),
                subscription.map(BillingStore.Subscription::status).orElse(s.enabled() ? "free" : "unlimited"),
                subscription.map(BillingStore.Subscription::renewsAt).orElse(null),
                subscription.map(BillingStore.Subscription::canceledAt).orElse(null),
                subscription.map(BillingStore.Subscription::lastPaymentAt).orElse(null),
                usage, s.enabled() ? s.plans().all().stream().map(BillingService::view).toList() : List.of(),
                s.enabled() && owner && !s.apiKey().isEmpty());
    }

    private static PlanView view(Plan plan) {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (Limit limit : Limit.values()) {
            OptionalLong value = plan.limit(limit);
            limits.put(limit.id(), value.isPresent() ? value.getAsLong() : null);
        }
        return new PlanView(plan.id(), plan.name(), plan.price(), limits, !plan.priceIds().isEmpty());
    }

    private boolean isOwner(Caller caller) {
        TeamRoles roles = team;
        return roles != null && caller.userId() != null
                && roles.roleOf(caller.accountId(), caller.userId()).filter(TeamRoles.OWNER::equals).isPresent();
    }

    /** {@code POST /billing/checkout}. */
    public record Checkout(String url) {
    }

    /**
     * Opens a Paddle checkout for a plan: a transaction for the plan's first price, carrying the account
     * in its custom data (so the subscription's events name the account); the answer is Paddle's checkout
     * page for the browser to open. Owners only.
     */
    public Checkout checkout(Caller caller, String planId) {
        Settings s = settings;
        if (!s.enabled()) {
            throw ApiException.conflict("Billing is off on this NeuroMail: there is no plan to choose");
        }
        if (!isOwner(caller)) {
            throw ApiException.forbidden("Only an owner of the account can choose its plan");
        }
        Plan plan = s.plans().plan(planId == null ? null : planId.strip())
                .orElseThrow(() -> ApiException.invalid("plan", "No plan '" + planId + "'"));
        if (plan.priceIds().isEmpty()) {
            throw ApiException.invalid("plan", "The plan " + plan.name() + " is not bought: it has no Paddle price");
        }
        if (s.apiKey().isEmpty()) {
            throw new ApiException(503, "Service Unavailable", "The operator has not set the Paddle API key "
                    + "(paddle.apiKey in etc/io.neuromail.billing.cfg)");
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("items", List.of(Map.of("price_id", plan.priceIds().get(0), "quantity", 1)),
                    "custom_data", Map.of(ACCOUNT_FIELD, caller.accountId())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(s.apiBase().resolve(s.apiBase().getPath() + "/transactions"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + s.apiKey())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonNode answer;
        int status;
        try {
            HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            LOG.warn("Paddle did not answer the checkout of plan {}: {}", plan.id(), LogSafe.of(String.valueOf(e.getMessage())));
            throw new ApiException(502, "Bad Gateway", "Paddle cannot be reached right now; try again in a moment");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Service Unavailable", "interrupted");
        }
        String url = answer.path("data").path("checkout").path("url").asText("");
        if (status / 100 != 2 || !url.startsWith("https://")) {
            LOG.warn("Paddle refused the checkout of plan {} (HTTP {}): {}", plan.id(), status,
                    LogSafe.of(answer.path("error").path("detail").asText("no checkout URL in the answer")));
            throw new ApiException(502, "Bad Gateway", "Paddle did not open a checkout (HTTP " + status + "); the "
                    + "operator's Paddle settings may be wrong");
        }
        activity.record(ActivityEvent.by(caller, "billing.checkout.started").detail("plan", plan.id()).build());
        return new Checkout(url);
    }

    // ------------------------------------------------------------------ the webhook

    /** What the webhook answers. */
    public record Receipt(String status) {
    }

    /**
     * {@code POST /webhooks/paddle}: a signed Paddle notification. A refused one changes nothing and is
     * logged; a replayed one is acknowledged and ignored; an applied one is recorded in the account's
     * activity log.
     */
    public Receipt receive(String signatureHeader, byte[] body) {
        Settings s = settings;
        if (!s.enabled()) {
            throw ApiException.notFound("billing");
        }
        Optional<String> refusal = s.signature().refuse(signatureHeader, body);
        if (refusal.isPresent()) {
            LOG.warn("Paddle webhook refused: {}", LogSafe.of(refusal.get()));
            throw ApiException.forbidden("Signature refused: " + refusal.get());
        }
        PaddleEvent event;
        try {
            event = PaddleEvent.of(JSON.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("Not a Paddle notification: " + e.getMessage());
        }
        Optional<BillingStore.Outcome> outcome = store.receive(event, s.plans(), clock.millis());
        if (outcome.isEmpty()) {
            LOG.info("Paddle event {} was received before; ignored", LogSafe.of(event.eventId()));
            return new Receipt("already processed");
        }
        BillingStore.Outcome o = outcome.get();
        if (o.changed() && o.accountId() != null) {
            activity.record(ActivityEvent.in(o.accountId(), "billing.subscription.changed").detail("event", event.type())
                    .detail("eventId", event.eventId()).detail("outcome", o.text()).build());
        }
        LOG.info("Paddle event {} ({}): {}", LogSafe.of(event.eventId()), LogSafe.of(event.type()), LogSafe.of(o.text()));
        return new Receipt(o.text());
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }
}
