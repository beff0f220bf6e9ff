package io.neuromail.filters.internal.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.neuromail.filter.api.ContentCheck;
import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.settings.FilterSettingsStore;

/**
 * The {@link ContentCheck} service: the {@link Pipeline} fed with every {@link ContentFilter}
 * service as it comes and goes, checking with each account's settings.
 */
@Component(service = {ContentCheck.class, ContentCheckService.class}, configurationPid = PipelineConfig.PID)
@Designate(ocd = PipelineConfig.class)
public class ContentCheckService implements ContentCheck {

    private final Pipeline pipeline = new Pipeline();
    private volatile PipelineConfig config;

    @Reference
    private FilterSettingsStore settings;

    @Activate
    @Modified
    void configure(PipelineConfig c) {
        this.config = c;
    }

    @Deactivate
    void deactivate() {
        pipeline.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFilter(ServiceReference<ContentFilter> reference, ContentFilter filter) {
        pipeline.add(registered(reference, filter));
    }

    void updatedFilter(ServiceReference<ContentFilter> reference, ContentFilter filter) {
        pipeline.add(registered(reference, filter));
    }

    void removeFilter(ServiceReference<ContentFilter> reference) {
        pipeline.remove((Long) reference.getProperty(Constants.SERVICE_ID));
    }

    @Reference
    void bindTimer(FilterMetrics metrics) {
        pipeline.timer(metrics);
    }

    @Override
    public Verdict check(String accountId, Email email) {
        return check(email, settings.effective(accountId, defaults()));
    }

    @Override
    public Verdict check(Email email) {
        return check(email, defaults());
    }

    /** Checks with explicit settings. */
    public Verdict check(Email email, FilterSettings with) {
        return pipeline.check(email, with, config.timeoutMillis());
    }

    /** Checks a raw message as read, with the account's settings; what was odd about it is part of the verdict. */
    public Verdict check(String accountId, EmlReader.Result read) {
        return check(read, settings.effective(accountId, defaults()));
    }

    /** Checks a raw message as read, with the operator's default settings. */
    public Verdict check(EmlReader.Result read) {
        return check(read, defaults());
    }

    private Verdict check(EmlReader.Result read, FilterSettings with) {
        List<ReportedFinding> noted = read.findings().stream().map(f -> new ReportedFinding(EmlReader.FILTER, f)).toList();
        return pipeline.check(read.email(), noted, with, config.timeoutMillis());
    }

    @Override
    public List<FilterInfo> filters() {
        FilterSettings defaults = defaults();
        return pipeline.filters().stream().map(f -> f.info(config.timeoutMillis(), defaults.enabled(f.name()))).toList();
    }

    /** The operator's default settings. */
    public FilterSettings defaults() {
        PipelineConfig c = config;
        return new FilterSettings(c.warnThreshold(), c.blockThreshold(), names(c.disabledFilters()),
                names(c.lockedFilters()), Math.max(c.blockThreshold(), c.maxBlockThreshold()));
    }

    /**
     * Filter names of a configuration list. A list in a {@code .cfg} file arrives as one value
     * ({@code links, phishing}); names are separated by commas and spaces either way.
     */
    static Set<String> names(String[] values) {
        Set<String> names = new java.util.TreeSet<>();
        for (String value : values) {
            for (String name : value.split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The settings a check of the account runs with. */
    public FilterSettings effective(String accountId) {
        return settings.effective(accountId, defaults());
    }

    private static RegisteredFilter registered(ServiceReference<ContentFilter> reference, ContentFilter filter) {
        Map<String, Object> p = propertiesOf(reference);
        String name = string(p.get(ContentFilter.PROPERTY_NAME));
        if (name == null || name.isBlank()) {
            name = filter.getClass().getName();
        }
        return new RegisteredFilter(name, string(p.get(ContentFilter.PROPERTY_DESCRIPTION)),
                number(p.get(ContentFilter.PROPERTY_ORDER), ContentFilter.DEFAULT_ORDER),
                number(p.get(Constants.SERVICE_RANKING), 0),
                reference.getBundle() == null ? "" : reference.getBundle().getSymbolicName(),
                (Long) p.get(Constants.SERVICE_ID),
                number(p.get(ContentFilter.PROPERTY_TIMEOUT), 0),
                filter);
    }

    private static Map<String, Object> propertiesOf(ServiceReference<ContentFilter> reference) {
        Map<String, Object> map = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            map.put(key, reference.getProperty(key));
        }
        return map;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static int number(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
