package io.neuromail.itests.filters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Settings;

/**
 * Filters come and go in the running system: a third-party bundle installed at run time joins the
 * very next checks and leaves them when stopped or uninstalled, with no restart and no failed check
 * in between; a filter that throws or hangs costs a warning, never the check.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HotSwapIT extends NeuroMailTestSupport {

    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final Map<String, Object> PLACEHOLDER = Messages.check("Hello [First Name]",
            "<p>Lorem ipsum dolor sit amet.</p>" + Messages.UNSUBSCRIBE);

    private static boolean hasFilter(JsonNode verdict, String filter) {
        for (JsonNode f : verdict.get("findings")) {
            if (f.get("filter").asText().equals(filter)) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void theExampleBundleJoinsAndLeavesTheRunningPipeline() throws Exception {
        String path = Settings.required("neuromail.example.filter.bundle");
        assertTrue("the example bundle was built: " + path, new File(path).isFile());
        Api api = Api.signedUp();
        List<Integer> statuses = new ArrayList<>();
        JsonNode before = api.post("/api/v1/content/check", PLACEHOLDER).expect(200).json();
        assertFalse(hasFilter(before, "example-placeholder"));

        Bundle example = bundleContext.installBundle(new File(path).toURI().toString());
        try {
            example.start();
            JsonNode with = Poll.until("the example filter's finding", LIVE, () -> {
                var r = api.post("/api/v1/content/check", PLACEHOLDER);
                statuses.add(r.status());
                return r.json();
            }, v -> hasFilter(v, "example-placeholder"));
            assertEquals("WARN", with.get("decision").asText());
            assertTrue(with.toString().contains("[First Name]"));
            assertTrue(api.get("/api/v1/content/filters").expect(200).body().contains("io.neuromail.examples.filter"));

            example.stop();
            Poll.until("the finding to go with the stopped bundle", LIVE, () -> {
                var r = api.post("/api/v1/content/check", PLACEHOLDER);
                statuses.add(r.status());
                return r.json();
            }, v -> !hasFilter(v, "example-placeholder"));

            example.start();
            Poll.until("the finding back with the restarted bundle", LIVE,
                    () -> api.post("/api/v1/content/check", PLACEHOLDER).expect(200).json(), v -> hasFilter(v, "example-placeholder"));
        } finally {
            example.uninstall();
        }
        JsonNode after = Poll.until("the finding to go with the uninstalled bundle", LIVE, () -> {
            var r = api.post("/api/v1/content/check", PLACEHOLDER);
            statuses.add(r.status());
            return r.json();
        }, v -> !hasFilter(v, "example-placeholder"));
        assertEquals("PASS", after.get("decision").asText());
        assertTrue("every check in between answered 200: " + statuses, statuses.stream().allMatch(s -> s == 200));
    }

    @Test
    public void aFailingOrHangingFilterCostsAWarningNotTheCheck() throws Exception {
        Api api = Api.signedUp();
        CountDownLatch release = new CountDownLatch(1);
        Dictionary<String, Object> broken = new Hashtable<>();
        broken.put(ContentFilter.PROPERTY_NAME, "itest-broken");
        Dictionary<String, Object> hanging = new Hashtable<>();
        hanging.put(ContentFilter.PROPERTY_NAME, "itest-hanging");
        hanging.put(ContentFilter.PROPERTY_TIMEOUT, 300L);
        ServiceRegistration<ContentFilter> b = bundleContext.registerService(ContentFilter.class, m -> {
            throw new IllegalStateException("this filter always fails");
        }, broken);
        ServiceRegistration<ContentFilter> h = bundleContext.registerService(ContentFilter.class, m -> {
            release.await();
            return List.of(Finding.of("never", 1, "never", Location.message()));
        }, hanging);
        try {
            JsonNode verdict = api.post("/api/v1/content/check", Messages.newsletter()).expect(200).json();
            List<String> rules = new ArrayList<>();
            verdict.get("findings").forEach(f -> rules.add(f.get("ruleId").asText() + " " + f.get("message").asText()));
            assertTrue(rules.toString(), rules.stream().anyMatch(r -> r.startsWith("pipeline.failed") && r.contains("itest-broken")));
            assertTrue(rules.toString(), rules.stream().anyMatch(r -> r.startsWith("pipeline.timeout") && r.contains("itest-hanging") && r.contains("300 ms")));
            assertEquals("WARN", verdict.get("decision").asText());
            assertTrue(verdict.get("filters").toString().contains("adult"));
        } finally {
            release.countDown();
            b.unregister();
            h.unregister();
        }
        assertEquals("PASS", api.post("/api/v1/content/check", Messages.newsletter()).expect(200).json().get("decision").asText());
    }

    @Test
    public void aFilterOfTheSameNameWithHigherRankingReplacesABuiltIn() {
        Api api = Api.signedUp();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ContentFilter.PROPERTY_NAME, "adult");
        props.put(ContentFilter.PROPERTY_ORDER, 400);
        props.put("service.ranking", 100);
        ServiceRegistration<ContentFilter> replacement = bundleContext.registerService(ContentFilter.class,
                m -> List.of(Finding.of("replacement.adult", 0.5, "replaced", Location.message())), props);
        try {
            JsonNode verdict = api.post("/api/v1/content/check", Messages.newsletter()).expect(200).json();
            assertTrue(verdict.toString(), verdict.toString().contains("replacement.adult"));
        } finally {
            replacement.unregister();
        }
        assertFalse(api.post("/api/v1/content/check", Messages.newsletter()).expect(200).body().contains("replacement.adult"));
    }
}
