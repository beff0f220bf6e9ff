package io.neuromail.filters.internal.pipeline;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.neuromail.api.metrics.Metrics;

/** The time each content filter takes, by filter name. Records nothing without the metrics feature. */
@Component(service = FilterMetrics.class)
public class FilterMetrics implements FilterTimer {

    private volatile Metrics.Timer durations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        durations = metrics.timer("neuromail_filter_duration_seconds", "Time a content filter took on one message, by filter",
                "filter");
    }

    void unbindMetrics(Metrics metrics) {
        durations = null;
    }

    @Override
    public void ran(String filter, long nanos) {
        Metrics.Timer t = durations;
        if (t != null) {
            t.observeNanos(nanos, filter);
        }
    }
}
