package io.neuromail.billing.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

import io.neuromail.api.billing.Limit;

/**
 * The plans an operator offers, read from {@code etc/io.neuromail.billing.cfg}: keys
 * {@code plan.<id>.name}, {@code .price} (as shown, e.g. "29 USD a month"), one key per limit
 * ({@code .contacts}, {@code .emailsPerMonth}, {@code .aiDraftsPerMonth}, {@code .members}; missing or
 * negative: unlimited) and {@code .paddlePriceIds} (the Paddle prices that buy it, comma-separated).
 * Accounts without a paid subscription have {@code defaultPlan}.
 */
final class Plans {

    /** A plan: its limits, and the Paddle prices that buy it (none for a free plan). */
    record Plan(String id, String name, String price, Map<Limit, Long> limits, List<String> priceIds) {
        OptionalLong limit(Limit limit) {
            Long value = limits.get(limit);
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    private static final int MAX_ID = 40;

    private final Map<String, Plan> plans;
    private final Map<String, String> planOfPrice;
    private final String defaultPlan;

    private Plans(Map<String, Plan> plans, String defaultPlan) {
        this.plans = Collections.unmodifiableMap(plans);
        this.defaultPlan = defaultPlan;
        Map<String, String> byPrice = new LinkedHashMap<>();
        plans.values().forEach(p -> p.priceIds().forEach(price -> byPrice.put(price, p.id())));
        this.planOfPrice = Collections.unmodifiableMap(byPrice);
    }

    /**
     * The plans of a configuration.
     *
     * @throws IllegalArgumentException naming the key that is wrong: an unreadable number, a plan id that
     *                                  is not 1 to 40 lower-case letters, digits and dashes, a price bought by
     *                                  two plans, or a default plan that is not defined
     */
    static Plans of(Map<String, ?> properties) {
        Map<String, Map<String, String>> byPlan = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.keySet())) {
            if (!key.startsWith("plan.")) {
                continue;
            }
            int dot = key.indexOf('.', 5);
            if (dot < 0) {
                throw new IllegalArgumentException(key + ": write plan.<id>.<setting>");
            }
            String id = key.substring(5, dot);
            if (id.isEmpty() || id.length() > MAX_ID || !id.chars().allMatch(ch -> ch >= 'a' && ch <= 'z'
                    || ch >= '0' && ch <= '9' || ch == '-')) {
                throw new IllegalArgumentException(key + ": a plan id is 1 to " + MAX_ID
                        + " lower-case letters, digits and dashes");
            }
            byPlan.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(key.substring(dot + 1),
                    String.valueOf(properties.get(key)).strip());
        }
        Map<String, Plan> plans = new LinkedHashMap<>();
        Map<String, String> seenPrices = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : byPlan.entrySet()) {
            String id = e.getKey();
            Map<String, String> settings = e.getValue();
            Map<Limit, Long> limits = new EnumMap<>(Limit.class);
            for (Limit limit : Limit.values()) {
                String value = settings.get(limit.id());
                if (value == null || value.isEmpty()) {
                    continue;
                }
                long parsed;
                try {
                    parsed = Long.parseLong(value);
                } catch (NumberFormatException bad) {
                    throw new IllegalArgumentException("plan." + id + "." + limit.id() + ": not a whole number: " + value);
                }
                if (parsed >= 0) {
                    limits.put(limit, parsed);
                }
            }
            List<String> prices = new ArrayList<>();
            for (String price : settings.getOrDefault("paddlePriceIds", "").split(",")) {
                String p = price.strip();
                if (p.isEmpty()) {
                    continue;
                }
                String other = seenPrices.put(p, id);
                if (other != null) {
                    throw new IllegalArgumentException("plan." + id + ".paddlePriceIds: price " + p
                            + " already buys plan " + other);
                }
                prices.add(p);
            }
            plans.put(id, new Plan(id, settings.getOrDefault("name", id), settings.getOrDefault("price", ""),
                    Collections.unmodifiableMap(limits), List.copyOf(prices)));
        }
        Object configured = properties.get("defaultPlan");
        String defaultPlan = (configured == null ? "free" : String.valueOf(configured)).strip()
                .toLowerCase(Locale.ROOT);
        if (!plans.isEmpty() && !plans.containsKey(defaultPlan)) {
            throw new IllegalArgumentException("defaultPlan: no plan '" + defaultPlan + "' is defined (plans: "
                    + String.join(", ", plans.keySet()) + ")");
        }
        return new Plans(plans, defaultPlan);
    }

    /** Every plan, in the configuration's order of ids. */
    List<Plan> all() {
        return List.copyOf(plans.values());
    }

    Optional<Plan> plan(String id) {
        return Optional.ofNullable(id == null ? null : plans.get(id));
    }

    /** The plan of accounts without a paid subscription; unlimited when no plan is defined. */
    Plan defaultPlan() {
        return plans.getOrDefault(defaultPlan, new Plan(defaultPlan, "Unlimited", "", Map.of(), List.of()));
    }

    /** The plan a Paddle price buys. */
    Optional<String> planOfPrice(String priceId) {
        return Optional.ofNullable(priceId == null ? null : planOfPrice.get(priceId));
    }
}
