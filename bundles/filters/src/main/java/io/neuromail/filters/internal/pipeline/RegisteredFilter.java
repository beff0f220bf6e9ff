package io.neuromail.filters.internal.pipeline;

import java.util.Comparator;

import io.neuromail.filter.api.ContentCheck.FilterInfo;
import io.neuromail.filter.api.ContentFilter;

/**
 * A filter service as the pipeline knows it: the service and its whiteboard properties.
 *
 * @param timeoutMillis its own time limit, or {@code 0} for the operator's default
 */
public record RegisteredFilter(String name, String description, int order, int ranking, String bundle,
                               long serviceId, long timeoutMillis, ContentFilter filter) {

    /** Pipeline order: {@code order} ascending, then higher ranking, then first registered. */
    public static final Comparator<RegisteredFilter> PIPELINE_ORDER = Comparator.comparingInt(RegisteredFilter::order)
            .thenComparing(Comparator.comparingInt(RegisteredFilter::ranking).reversed())
            .thenComparingLong(RegisteredFilter::serviceId);

    /** Which of two filters of the same name runs: the higher ranking, then the first registered. */
    public static final Comparator<RegisteredFilter> PRECEDENCE = Comparator.comparingInt(RegisteredFilter::ranking).reversed()
            .thenComparingLong(RegisteredFilter::serviceId);

    /** Its description for callers, with the time limit it actually runs under. */
    public FilterInfo info(long defaultTimeoutMillis, boolean enabledByDefault) {
        return new FilterInfo(name, description, order, ranking, bundle,
                timeoutMillis > 0 ? timeoutMillis : defaultTimeoutMillis, enabledByDefault);
    }
}
