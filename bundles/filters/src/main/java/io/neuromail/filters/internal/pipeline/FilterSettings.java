package io.neuromail.filters.internal.pipeline;

import java.util.Set;

/**
 * What a check runs with: the score thresholds and the filters that are switched off.
 *
 * @param warnThreshold   the total score from which the verdict is {@code WARN}
 * @param blockThreshold  the total score from which the verdict is {@code BLOCK}
 * @param disabledFilters names of the filters that do not run
 */
public record FilterSettings(double warnThreshold, double blockThreshold, Set<String> disabledFilters) {

    public FilterSettings {
        disabledFilters = Set.copyOf(disabledFilters);
    }

    /** Whether the named filter runs. */
    public boolean enabled(String filter) {
        return !disabledFilters.contains(filter);
    }
}
