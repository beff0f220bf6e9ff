package io.neuromail.filters.internal.pipeline;

import java.util.Set;

/**
 * What a check runs with: the score thresholds and the filters that are switched off.
 *
 * @param warnThreshold   the total score from which the verdict is {@code WARN}
 * @param blockThreshold  the total score from which the verdict is {@code BLOCK}
 * @param disabledFilters names of the filters that do not run
 * @param lockedFilters   names of the filters the operator keeps on: an account cannot switch them off
 * @param maxBlockThreshold the highest blocking threshold an account may set
 */
public record FilterSettings(double warnThreshold, double blockThreshold, Set<String> disabledFilters,
                             Set<String> lockedFilters, double maxBlockThreshold) {

    public FilterSettings {
        disabledFilters = Set.copyOf(disabledFilters);
        lockedFilters = Set.copyOf(lockedFilters);
        if (!lockedFilters.isEmpty()) {
            java.util.Set<String> running = new java.util.HashSet<>(disabledFilters);
            running.removeAll(lockedFilters);
            disabledFilters = Set.copyOf(running);
        }
        blockThreshold = Math.min(blockThreshold, maxBlockThreshold);
    }

    /** Settings without operator locks. */
    public FilterSettings(double warnThreshold, double blockThreshold, Set<String> disabledFilters) {
        this(warnThreshold, blockThreshold, disabledFilters, Set.of(), Double.MAX_VALUE);
    }

    /** Whether an account may not switch the named filter off. */
    public boolean locked(String filter) {
        return lockedFilters.contains(filter);
    }

    /** Whether the named filter runs. */
    public boolean enabled(String filter) {
        return !disabledFilters.contains(filter);
    }
}
