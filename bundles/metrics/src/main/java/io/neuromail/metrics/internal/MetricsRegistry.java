package io.neuromail.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.metrics.Metrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The one Prometheus registry of the distribution. Every metric is held by an owner (the bundle
 * that asked for it, through its {@link BundleMetrics}); {@link #release(Object)} removes all of an
 * owner's metrics. A service of this bundle's own (its package is not exported).
 */
@Component(service = MetricsRegistry.class)
public final class MetricsRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);
    /** Prometheus's metric name rule (no colons: those are for recording rules). */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,199}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");

    private record Held(Object owner, String kind, List<String> labelNames, Collector collector, Object handle) {
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Map<String, Held> held = new HashMap<>();

    /** The registry with the JVM's metrics: memory, GC, threads, classes, buffer pools, process. */
    public MetricsRegistry() {
        this(true);
    }

    MetricsRegistry(boolean jvm) {
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    public synchronized Metrics.Counter counter(Object owner, String name, String help, String... labelNames) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        Held existing = existing(owner, base, "counter", labelNames);
        if (existing != null) {
            return (Metrics.Counter) existing.handle();
        }
        Counter counter = Counter.builder().name(base).help(help).labelNames(labelNames).withoutExemplars().build();
        Metrics.Counter handle = new Metrics.Counter() {
            @Override
            public void inc(String... labelValues) {
                counter.labelValues(labelValues).inc();
            }

            @Override
            public void add(double amount, String... labelValues) {
                counter.labelValues(labelValues).inc(amount);
            }
        };
        return (Metrics.Counter) hold(owner, base, "counter", labelNames, counter, handle);
    }

    public synchronized Metrics.Timer timer(Object owner, String name, String help, String... labelNames) {
        if (!name.endsWith("_seconds")) {
            throw new IllegalArgumentException("a timer's name ends with _seconds: " + name);
        }
        Held existing = existing(owner, name, "timer", labelNames);
        if (existing != null) {
            return (Metrics.Timer) existing.handle();
        }
        Histogram histogram = Histogram.builder().name(name).help(help).labelNames(labelNames).classicOnly()
                .withoutExemplars().build();
        Metrics.Timer handle = (nanos, labelValues) -> histogram.labelValues(labelValues).observe(nanos / 1e9);
        return (Metrics.Timer) hold(owner, name, "timer", labelNames, histogram, handle);
    }

    public synchronized void gauge(Object owner, String name, String help, List<String> labelNames,
                                   Consumer<Metrics.GaugeValues> callback) {
        String[] labels = labelNames.toArray(String[]::new);
        Held before = existing(owner, name, "gauge", labels);
        if (before != null) {
            // The same bundle registering its gauge again (a component of it restarted): the new
            // callback replaces the old one.
            registry.unregister(before.collector());
            held.remove(name);
        }
        GaugeWithCallback gauge = GaugeWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(values -> {
                    try {
                        callback.accept(values::call);
                    } catch (RuntimeException e) {
                        // A failing gauge leaves its values out of this scrape; the page still answers.
                        LOG.warn("The gauge {} failed; it is left out of this scrape: {}", name, e.toString());
                    }
                }).build();
        hold(owner, name, "gauge", labels, gauge, null);
    }

    /** Removes every metric {@code owner} registered. */
    public synchronized void release(Object owner) {
        held.values().removeIf(h -> {
            if (h.owner() == owner) {
                registry.unregister(h.collector());
                return true;
            }
            return false;
        });
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    }

    /** The content type of {@link #write(OutputStream)}. */
    public String contentType() {
        return writer.getContentType();
    }

    private Held existing(Object owner, String name, String kind, String[] labelNames) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        for (String label : labelNames) {
            if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("not a label name: " + label);
            }
        }
        Held h = held.get(name);
        if (h == null) {
            return null;
        }
        if (h.owner() != owner || !h.kind().equals(kind) || !h.labelNames().equals(List.of(labelNames))) {
            throw new IllegalArgumentException("the metric " + name + " is already registered"
                    + (h.owner() != owner ? " by another bundle" : " as a " + h.kind() + " with labels " + h.labelNames()));
        }
        return h;
    }

    private Object hold(Object owner, String name, String kind, String[] labelNames, Collector collector, Object handle) {
        registry.register(collector);
        held.put(name, new Held(owner, kind, List.of(labelNames), collector, handle));
        return handle;
    }
}
