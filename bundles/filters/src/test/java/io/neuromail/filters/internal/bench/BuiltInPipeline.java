package io.neuromail.filters.internal.bench;

import java.util.List;
import java.util.Set;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.builtin.AdultFilter;
import io.neuromail.filters.internal.builtin.LinkFilter;
import io.neuromail.filters.internal.builtin.PhishingFilter;
import io.neuromail.filters.internal.builtin.SpamFilter;
import io.neuromail.filters.internal.pipeline.FilterSettings;
import io.neuromail.filters.internal.pipeline.Pipeline;
import io.neuromail.filters.internal.pipeline.RegisteredFilter;

/** The pipeline with the four built-in filters on their shipped rules and default scores, as in the distribution. */
final class BuiltInPipeline implements AutoCloseable {

    static final FilterSettings DEFAULTS = new FilterSettings(5, 10, Set.of());

    private final Pipeline pipeline = new Pipeline();

    BuiltInPipeline() {
        SpamFilter spam = new SpamFilter();
        BuiltIns.configure(spam, SpamFilter.Config.class);
        LinkFilter links = new LinkFilter();
        BuiltIns.configure(links, LinkFilter.Config.class);
        PhishingFilter phishing = new PhishingFilter();
        BuiltIns.configure(phishing, PhishingFilter.Config.class);
        AdultFilter adult = new AdultFilter();
        BuiltIns.configure(adult, AdultFilter.Config.class);
        List<ContentFilter> filters = List.of(spam, links, phishing, adult);
        String[] names = {"spam", "links", "phishing", "adult"};
        for (int i = 0; i < filters.size(); i++) {
            pipeline.add(new RegisteredFilter(names[i], names[i], (i + 1) * 100, 0, "io.neuromail.filters", i + 1, 0, filters.get(i)));
        }
    }

    Verdict check(Email email) {
        return pipeline.check(email, DEFAULTS, 2000);
    }

    @Override
    public void close() {
        pipeline.close();
    }

    /** Configures a built-in filter with its defaults, through its package-private activation method. */
    static final class BuiltIns {
        private BuiltIns() {
        }

        static <A> void configure(Object filter, Class<A> config) {
            try {
                var method = filter.getClass().getDeclaredMethod("configure", config);
                method.setAccessible(true);
                method.invoke(filter, Configs.defaults(config));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot configure " + filter, e);
            }
        }
    }
}
