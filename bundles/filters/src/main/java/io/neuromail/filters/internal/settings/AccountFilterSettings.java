package io.neuromail.filters.internal.settings;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an account changed of the operator's defaults.
 *
 * @param warnThreshold  its warning threshold, {@code null} for the default
 * @param blockThreshold its blocking threshold, {@code null} for the default
 * @param filters        filters it switched on ({@code true}) or off ({@code false}), by name
 */
public record AccountFilterSettings(Double warnThreshold, Double blockThreshold, Map<String, Boolean> filters) {

    /** An account that changed nothing. */
    public static final AccountFilterSettings DEFAULTS = new AccountFilterSettings(null, null, Map.of());

    public AccountFilterSettings {
        filters = filters == null ? Map.of() : Map.copyOf(new TreeMap<>(filters));
    }
}
