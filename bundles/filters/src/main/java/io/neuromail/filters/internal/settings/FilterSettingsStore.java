package io.neuromail.filters.internal.settings;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.InstantConverter;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.filters.internal.pipeline.FilterSettings;
import io.neuromail.filters.internal.settings.jpa.FilterSettingsEntity;

/**
 * Each account's filter settings, one account-scoped row per account in {@code nm_filter_settings}.
 * An account without a row runs with the operator's defaults.
 */
@Component(service = FilterSettingsStore.class)
public class FilterSettingsStore {

    static final String CHANGELOG = "io/neuromail/filters/db/changelog.xml";

    private final PersistenceUnit db;
    private final Clock clock;

    @Activate
    public FilterSettingsStore(@Reference Persistence persistence) {
        this(persistence, Clock.systemUTC());
    }

    FilterSettingsStore(Persistence persistence, Clock clock) {
        this.clock = clock;
        this.db = persistence.open("filters", FilterSettingsStore.class.getClassLoader(), CHANGELOG,
                List.of(FilterSettingsEntity.class, InstantConverter.class));
    }

    @Deactivate
    public void deactivate() {
        db.close();
    }

    /** What the account changed of the defaults. */
    public AccountFilterSettings get(String accountId) {
        return db.inAccount(accountId, em -> {
            FilterSettingsEntity row = find(em);
            return row == null ? AccountFilterSettings.DEFAULTS : toSettings(row);
        });
    }

    /** Replaces what the account changed of the defaults. */
    public AccountFilterSettings put(String accountId, AccountFilterSettings settings) {
        return db.inAccount(accountId, em -> {
            FilterSettingsEntity row = find(em);
            if (row == null) {
                row = new FilterSettingsEntity();
                row.id = UUID.randomUUID().toString();
                em.persist(row);
            }
            row.warnThreshold = settings.warnThreshold();
            row.blockThreshold = settings.blockThreshold();
            row.disabledFilters = names(settings.filters(), false);
            row.enabledFilters = names(settings.filters(), true);
            row.updatedAt = clock.instant();
            return toSettings(row);
        });
    }

    /** The settings a check of the account runs with: its changes over {@code defaults}. */
    public FilterSettings effective(String accountId, FilterSettings defaults) {
        return apply(get(accountId), defaults);
    }

    /** Lays an account's changes over the defaults. */
    public static FilterSettings apply(AccountFilterSettings account, FilterSettings defaults) {
        Set<String> disabled = new HashSet<>(defaults.disabledFilters());
        account.filters().forEach((name, enabled) -> {
            if (enabled) {
                disabled.remove(name);
            } else {
                disabled.add(name);
            }
        });
        // The operator's locks hold over whatever the account saved, also settings saved before a lock.
        return new FilterSettings(
                account.warnThreshold() == null ? defaults.warnThreshold() : account.warnThreshold(),
                account.blockThreshold() == null ? defaults.blockThreshold() : account.blockThreshold(),
                disabled, defaults.lockedFilters(), defaults.maxBlockThreshold());
    }

    private static FilterSettingsEntity find(EntityManager em) {
        return em.createQuery("SELECT s FROM FilterSettingsEntity s", FilterSettingsEntity.class)
                .setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    private static AccountFilterSettings toSettings(FilterSettingsEntity row) {
        Map<String, Boolean> filters = new LinkedHashMap<>();
        split(row.disabledFilters).forEach(n -> filters.put(n, false));
        split(row.enabledFilters).forEach(n -> filters.put(n, true));
        return new AccountFilterSettings(row.warnThreshold, row.blockThreshold, filters);
    }

    private static List<String> split(String names) {
        return names == null || names.isBlank() ? List.of() : Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String names(Map<String, Boolean> filters, boolean enabled) {
        return filters.entrySet().stream().filter(e -> e.getValue() == enabled).map(Map.Entry::getKey).sorted()
                .collect(Collectors.joining(","));
    }
}
