package io.neuromail.filters.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.db.internal.PersistenceService;
import io.neuromail.filters.internal.pipeline.FilterSettings;

/** The settings store on the real persistence service over in-memory H2: one row per account, never shared. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterSettingsStoreTest {

    private JdbcDataSource dataSource;
    private FilterSettingsStore store;

    @BeforeAll
    void start() throws Exception {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:nm_filters_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1;MODE=LEGACY");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        store = new FilterSettingsStore(new PersistenceService(dataSource));
    }

    @AfterAll
    void stop() throws Exception {
        store.deactivate();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void eachAccountHasItsOwnSettings() throws Exception {
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        assertEquals(AccountFilterSettings.DEFAULTS, store.get(alice));
        store.put(alice, new AccountFilterSettings(3.0, 8.0, Map.of("adult", false, "spamassassin", true)));
        store.put(alice, new AccountFilterSettings(4.0, 9.0, Map.of("adult", false)));
        AccountFilterSettings saved = store.get(alice);
        assertEquals(4.0, saved.warnThreshold());
        assertEquals(Map.of("adult", false), saved.filters());
        assertEquals(AccountFilterSettings.DEFAULTS, store.get(bob));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT account_id, disabled_filters FROM nm_filter_settings")) {
            rows.next();
            assertEquals(alice, rows.getString(1));
            assertEquals("adult", rows.getString(2));
            assertEquals(false, rows.next());
        }
    }

    @Test
    void accountChangesLayOverTheDefaults() {
        FilterSettings defaults = new FilterSettings(5, 10, Set.of("spamassassin"));
        FilterSettings effective = FilterSettingsStore.apply(new AccountFilterSettings(null, 12.0, Map.of("spamassassin", true, "adult", false)), defaults);
        assertEquals(5, effective.warnThreshold());
        assertEquals(12, effective.blockThreshold());
        assertEquals(Set.of("adult"), effective.disabledFilters());
        AccountFilterSettings none = store.get(UUID.randomUUID().toString());
        assertNull(none.warnThreshold());
        assertEquals(defaults, FilterSettingsStore.apply(none, defaults));
    }

    @Test
    void theOperatorsLockedFiltersRunAndItsHighestThresholdHoldsWhateverAnAccountSaved() {
        FilterSettings defaults = new FilterSettings(5, 10, Set.of("adult"), Set.of("links", "phishing"), 15);
        FilterSettings effective = FilterSettingsStore.apply(new AccountFilterSettings(null, 40.0,
                Map.of("links", false, "phishing", false, "spam", false)), defaults);
        assertEquals(Set.of("adult", "spam"), effective.disabledFilters());
        assertEquals(15, effective.blockThreshold());
        assertEquals(true, effective.enabled("links"));
        assertEquals(true, effective.enabled("phishing"));
    }
}
