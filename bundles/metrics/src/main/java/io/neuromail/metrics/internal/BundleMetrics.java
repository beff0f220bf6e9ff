package io.neuromail.metrics.internal;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.neuromail.api.metrics.Metrics;

/**
 * The {@link Metrics} service, one instance per bundle that uses it: when that bundle releases the
 * service, its metrics leave the page.
 */
@Component(service = Metrics.class, scope = ServiceScope.BUNDLE)
public class BundleMetrics implements Metrics {

    private final MetricsRegistry registry;

    @Activate
    public BundleMetrics(@Reference MetricsRegistry registry) {
        this.registry = registry;
    }

    @Deactivate
    void deactivate() {
        registry.release(this);
    }

    @Override
    public Counter counter(String name, String help, String... labelNames) {
        return registry.counter(this, name, help, labelNames);
    }

    @Override
    public Timer timer(String name, String help, String... labelNames) {
        return registry.timer(this, name, help, labelNames);
    }

    @Override
    public void gauge(String name, String help, List<String> labelNames, Consumer<GaugeValues> callback) {
        registry.gauge(this, name, help, labelNames, callback);
    }
}
