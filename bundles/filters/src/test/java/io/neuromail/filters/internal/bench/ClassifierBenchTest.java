package io.neuromail.filters.internal.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Severity;
import io.neuromail.filters.internal.builtin.AdultFilter;
import io.neuromail.filters.internal.builtin.ClassifierFilter;
import io.neuromail.filters.internal.builtin.LinkFilter;
import io.neuromail.filters.internal.builtin.PhishingFilter;
import io.neuromail.filters.internal.builtin.SpamFilter;
import io.neuromail.filters.internal.message.MessageAnalyzer;
import io.neuromail.filters.internal.pipeline.Pipeline;
import io.neuromail.filters.internal.pipeline.RegisteredFilter;

/**
 * The spam classifier's share of the time of a check: the 50 KB HTML newsletter of
 * {@link CorpusBenchTest} through the classifier alone, and through the pipeline of the four other
 * built-in filters with and without it. A benchmark (tag "bench"), run with
 * {@code mvn -pl bundles/filters -am test -Dtest=ClassifierBenchTest -Dbench.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ClassifierBenchTest {

    private static final int RUNS = 500;

    @Test
    @Tag("bench")
    void theClassifiersShareOfA50KilobyteHtmlMessage() throws Exception {
        Email email = new Email("Our autumn programme", "news@example.org", null, CorpusBenchTest.fiftyKilobytes(), "Plain-text part", Map.of());
        Message message = MessageAnalyzer.analyze(email);
        ClassifierFilter classifier = new ClassifierFilter();
        BuiltInPipeline.BuiltIns.configure(classifier, ClassifierFilter.Config.class);
        assertTrue(classifier.check(message).stream().noneMatch(f -> f.severity() != Severity.INFO), "the newsletter is no spam");

        try (BuiltInPipeline four = new BuiltInPipeline(); Pipeline five = new Pipeline()) {
            SpamFilter spam = new SpamFilter();
            BuiltInPipeline.BuiltIns.configure(spam, SpamFilter.Config.class);
            LinkFilter links = new LinkFilter();
            BuiltInPipeline.BuiltIns.configure(links, LinkFilter.Config.class);
            PhishingFilter phishing = new PhishingFilter();
            BuiltInPipeline.BuiltIns.configure(phishing, PhishingFilter.Config.class);
            AdultFilter adult = new AdultFilter();
            BuiltInPipeline.BuiltIns.configure(adult, AdultFilter.Config.class);
            List<ContentFilter> filters = List.of(spam, links, phishing, adult, classifier);
            String[] names = {"spam", "links", "phishing", "adult", "classifier"};
            int[] orders = {100, 200, 300, 400, 450};
            for (int i = 0; i < filters.size(); i++) {
                five.add(new RegisteredFilter(names[i], names[i], orders[i], 0, "io.neuromail.filters", i + 1, 0, filters.get(i)));
            }
            for (int i = 0; i < 300; i++) {
                classifier.check(message);
                four.check(email);
                five.check(email, BuiltInPipeline.DEFAULTS, 2000);
            }
            // CPU time of this thread for the classifier alone: wall time on a shared machine counts other processes too
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] alone = new long[RUNS];
            long[] aloneWall = new long[RUNS];
            long[] withoutIt = new long[RUNS];
            long[] withIt = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                classifier.check(message);
                aloneWall[i] = System.nanoTime() - start;
                alone[i] = threads.getCurrentThreadCpuTime() - cpu;
                // the two pipelines take turns, so that the load of the machine weighs on both alike
                start = System.nanoTime();
                four.check(email);
                withoutIt[i] = System.nanoTime() - start;
                start = System.nanoTime();
                assertTrue(five.check(email, BuiltInPipeline.DEFAULTS, 2000).decision() != Decision.BLOCK);
                withIt[i] = System.nanoTime() - start;
            }
            System.out.println(String.format(Locale.ROOT, "50 KB HTML message, classifier alone on the analysed message: median %.3f ms CPU (%.3f ms wall) over %d runs",
                    median(alone), median(aloneWall), RUNS));
            System.out.println(String.format(Locale.ROOT, "50 KB HTML message, whole pipeline: four built-in filters median %.3f ms, with the classifier %.3f ms (wall)",
                    median(withoutIt), median(withIt)));
            System.out.println(String.format(Locale.ROOT, "goal: whole pipeline median under 5 ms: %s", median(withIt) < 5 ? "met" : "NOT met"));
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
