package io.neuromail.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.neuromail.api.metrics.Metrics;

class MetricsRegistryTest {

    private final MetricsRegistry registry = new MetricsRegistry(false);
    private final Object bundleA = new Object();
    private final Object bundleB = new Object();

    private String page() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countersAreWrittenWithTotalAndTheirLabels() throws IOException {
        Metrics.Counter sent = registry.counter(bundleA, "neuromail_test_sent", "Sent", "sender");
        sent.inc("smtp");
        sent.add(2, "smtp");
        sent.inc("ses");
        String page = page();
        assertTrue(page.contains("# TYPE neuromail_test_sent_total counter"), page);
        assertTrue(page.contains("neuromail_test_sent_total{sender=\"smtp\"} 3.0"), page);
        assertTrue(page.contains("neuromail_test_sent_total{sender=\"ses\"} 1.0"), page);
    }

    @Test
    void askingAgainAnswersTheSameMetricAndAnotherBundleIsRefused() {
        Metrics.Counter first = registry.counter(bundleA, "neuromail_test_x", "X", "a");
        assertSame(first, registry.counter(bundleA, "neuromail_test_x_total", "X", "a"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter(bundleB, "neuromail_test_x", "X", "a"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter(bundleA, "neuromail_test_x", "X", "b"));
        assertThrows(IllegalArgumentException.class, () -> registry.timer(bundleA, "neuromail_test_t", "no unit"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter(bundleA, "bad name", "X"));
    }

    @Test
    void releasingABundleRemovesItsMetricsOnly() throws IOException {
        registry.counter(bundleA, "neuromail_test_a", "A").inc();
        registry.timer(bundleB, "neuromail_test_b_seconds", "B", "filter").observeNanos(2_000_000, "spam");
        registry.release(bundleA);
        String page = page();
        assertFalse(page.contains("neuromail_test_a"), page);
        assertTrue(page.contains("neuromail_test_b_seconds_count{filter=\"spam\"} 1"), page);
        // The name is free again.
        registry.counter(bundleB, "neuromail_test_a", "A again");
    }

    @Test
    void gaugesAreReadAtScrapeTimeAndAFailingOneLeavesThePageStanding() throws IOException {
        int[] rows = {4};
        registry.gauge(bundleA, "neuromail_test_rows", "Rows", List.of("state"), v -> v.set(rows[0], "queued"));
        registry.gauge(bundleA, "neuromail_test_broken", "Broken", List.of(), v -> {
            throw new IllegalStateException("database down");
        });
        assertTrue(page().contains("neuromail_test_rows{state=\"queued\"} 4.0"));
        rows[0] = 7;
        String page = page();
        assertTrue(page.contains("neuromail_test_rows{state=\"queued\"} 7.0"), page);
        // Registering again from the same bundle replaces the callback.
        registry.gauge(bundleA, "neuromail_test_rows", "Rows", List.of("state"), v -> v.set(1, "sent"));
        page = page();
        assertTrue(page.contains("neuromail_test_rows{state=\"sent\"} 1.0"), page);
        assertFalse(page.contains("queued"), page);
        assertThrows(IllegalArgumentException.class,
                () -> registry.gauge(bundleB, "neuromail_test_rows", "Rows", List.of("state"), v -> { }));
    }

    @Test
    void theJvmIsMeasured() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsRegistry().write(out);
        String page = out.toString(StandardCharsets.UTF_8);
        for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds")) {
            assertTrue(page.contains(name), name);
        }
        assertEquals("text/plain; version=0.0.4; charset=utf-8", new MetricsRegistry(false).contentType());
    }
}
