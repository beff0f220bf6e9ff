package io.neuromail.filters.internal.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.builtin.AdultFilter;
import io.neuromail.filters.internal.builtin.ClassifierFilter;
import io.neuromail.filters.internal.builtin.LinkFilter;
import io.neuromail.filters.internal.builtin.PhishingFilter;
import io.neuromail.filters.internal.builtin.SpamFilter;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.pipeline.FilterSettings;
import io.neuromail.filters.internal.pipeline.Pipeline;
import io.neuromail.filters.internal.pipeline.RegisteredFilter;

/**
 * The pipeline with every built-in filter on its shipped rules and default scores, as in the
 * distribution. {@link #BUILT_INS} is the one list of them: a new built-in filter is one line there.
 */
final class BuiltInPipeline implements AutoCloseable {

    static final FilterSettings DEFAULTS = new FilterSettings(5, 10, Set.of());

    /**
     * A built-in filter: its name and order as its {@code @FilterService} declares, and how to make
     * one configured with its defaults, some of them replaced.
     */
    record BuiltIn(String name, int order, Function<Map<String, Object>, ContentFilter> create) {
    }

    static final List<BuiltIn> BUILT_INS = List.of(
            new BuiltIn("spam", 100, c -> BuiltIns.configure(new SpamFilter(), SpamFilter.Config.class, c)),
            new BuiltIn("links", 200, c -> BuiltIns.configure(new LinkFilter(), LinkFilter.Config.class, c)),
            new BuiltIn("phishing", 300, c -> BuiltIns.configure(new PhishingFilter(), PhishingFilter.Config.class, c)),
            new BuiltIn("adult", 400, c -> BuiltIns.configure(new AdultFilter(), AdultFilter.Config.class, c)),
            new BuiltIn("classifier", 450, c -> BuiltIns.configure(new ClassifierFilter(), ClassifierFilter.Config.class, c)));

    private final Pipeline pipeline = new Pipeline();

    BuiltInPipeline() {
        this(Map.of(), Set.of());
    }

    /**
     * @param settings per filter name, configuration values that replace its defaults
     * @param without  names of built-in filters left out
     */
    BuiltInPipeline(Map<String, Map<String, Object>> settings, Set<String> without) {
        long serviceId = 0;
        for (BuiltIn b : BUILT_INS) {
            serviceId++;
            if (!without.contains(b.name())) {
                pipeline.add(new RegisteredFilter(b.name(), b.name(), b.order(), 0, "io.neuromail.filters", serviceId, 0,
                        b.create().apply(settings.getOrDefault(b.name(), Map.of()))));
            }
        }
    }

    Verdict check(Email email) {
        return pipeline.check(email, DEFAULTS, 2000);
    }

    /** Checks a raw message as read, with what the reader found odd, as the REST resource and the shell command do. */
    Verdict check(EmlReader.Result read) {
        return check(read, DEFAULTS);
    }

    /** {@link #check(EmlReader.Result)} with other thresholds. */
    Verdict check(EmlReader.Result read, FilterSettings settings) {
        return pipeline.check(read.email(), read.findings().stream().map(f -> new ReportedFinding(EmlReader.FILTER, f)).toList(), settings, 2000);
    }

    @Override
    public void close() {
        pipeline.close();
    }

    /** Configures a built-in filter with its defaults, through its package-private activation method. */
    static final class BuiltIns {
        private BuiltIns() {
        }

        static <F, A> F configure(F filter, Class<A> config) {
            return configure(filter, config, Map.of());
        }

        static <F, A> F configure(F filter, Class<A> config, Map<String, Object> values) {
            try {
                var method = filter.getClass().getDeclaredMethod("configure", config);
                method.setAccessible(true);
                method.invoke(filter, Configs.of(config, values));
                return filter;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot configure " + filter, e);
            }
        }
    }
}
