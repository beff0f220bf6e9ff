package io.neuromail.billing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.neuromail.api.billing.Limit;

class PlansTest {

    @Test
    void readsPlansTheirLimitsAndPrices() {
        Plans plans = Plans.of(Map.of("enabled", "true", "defaultPlan", "free",
                "plan.free.name", "Free", "plan.free.contacts", "500", "plan.free.members", "-1",
                "plan.pro.name", "Pro", "plan.pro.price", "29 USD a month", "plan.pro.emailsPerMonth", "100000",
                "plan.pro.paddlePriceIds", "pri_a, pri_b"));
        assertEquals("free", plans.defaultPlan().id());
        assertEquals(OptionalLong.of(500), plans.defaultPlan().limit(Limit.CONTACTS));
        assertEquals(OptionalLong.empty(), plans.defaultPlan().limit(Limit.MEMBERS), "negative: unlimited");
        assertEquals(OptionalLong.empty(), plans.defaultPlan().limit(Limit.EMAILS_PER_MONTH), "missing: unlimited");
        assertEquals("pro", plans.planOfPrice("pri_b").orElseThrow());
        assertTrue(plans.planOfPrice("pri_c").isEmpty());
        assertEquals("29 USD a month", plans.plan("pro").orElseThrow().price());
    }

    @Test
    void withoutPlansEveryAccountIsUnlimited() {
        Plans plans = Plans.of(Map.of());
        assertTrue(plans.all().isEmpty());
        for (Limit limit : Limit.values()) {
            assertEquals(OptionalLong.empty(), plans.defaultPlan().limit(limit));
        }
    }

    @Test
    void refusesAConfigurationThatCannotMeanAnything() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Plans.of(Map.of("plan.free.contacts", "many")))
                .getMessage().contains("plan.free.contacts"));
        assertThrows(IllegalArgumentException.class, () -> Plans.of(Map.of("plan.Free.contacts", "1")));
        assertThrows(IllegalArgumentException.class, () -> Plans.of(Map.of("plan.free.contacts", "1", "defaultPlan", "gold")));
        assertThrows(IllegalArgumentException.class, () -> Plans.of(Map.of("plan.a.paddlePriceIds", "pri_x",
                "plan.b.paddlePriceIds", "pri_x", "defaultPlan", "a")));
    }
}
