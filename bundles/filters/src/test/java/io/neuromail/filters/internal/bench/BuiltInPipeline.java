package io.neuromail.filters.internal.bench;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

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

    /** A built-in filter: its name and order as its {@code @FilterService} declares, and how to make one configured with its defaults. */
    record BuiltIn(String name, int order, Supplier<ContentFilter> create) {
    }

    static final List<BuiltIn> BUILT_INS = List.of(
            new BuiltIn("spam", 100, () -> BuiltIns.configure(new SpamFilter(), SpamFilter.Config.class)),
            new BuiltIn("links", 200, () -> BuiltIns.configure(new LinkFilter(), LinkFilter.Config.class)),
            new BuiltIn("phishing", 300, () -> BuiltIns.configure(new PhishingFilter(), PhishingFilter.Config.class)),
            new BuiltIn("adult", 400, () -> BuiltIns.configure(new AdultFilter(), AdultFilter.Config.class)),
            new BuiltIn("classifier", 450, () -> BuiltIns.configure(new ClassifierFilter(), ClassifierFilter.Config.class)));

    private final Pipeline pipeline = new Pipeline();

    BuiltInPipeline() {
        long serviceId = 0;
        for (BuiltIn b : BUILT_INS) {
            serviceId++;
            pipeline.add(new RegisteredFilter(b.name(), b.name(), b.order(), 0, "io.neuromail.filters", serviceId, 0, b.create().get()));
        }
    }

    Verdict check(Email email) {
        return pipeline.check(email, DEFAULTS, 2000);
    }

    /** Checks a raw message as read, with what the reader found odd, as the REST resource and the shell command do. */
    Verdict check(EmlReader.Result read) {
        return pipeline.check(read.email(), read.findings().stream().map(f -> new ReportedFinding(EmlReader.FILTER, f)).toList(), DEFAULTS, 2000);
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
            try {
                var method = filter.getClass().getDeclaredMethod("configure", config);
                method.setAccessible(true);
                method.invoke(filter, Configs.defaults(config));
                return filter;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot configure " + filter, e);
            }
        }
    }
}
