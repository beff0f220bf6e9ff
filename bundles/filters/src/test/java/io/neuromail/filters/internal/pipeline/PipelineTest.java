package io.neuromail.filters.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Kind;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Severity;
import io.neuromail.filter.api.Verdict;

class PipelineTest {

    private static final Email EMAIL = new Email("Hello", null, null, "<p>Hi</p>", "Hi", Map.of());
    private static final FilterSettings DEFAULTS = new FilterSettings(5, 10, Set.of());

    private final Pipeline pipeline = new Pipeline();
    private long ids;

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void add(String name, int order, int ranking, ContentFilter filter) {
        pipeline.add(new RegisteredFilter(name, name + " filter", order, ranking, "test", ++ids, 0, filter));
    }

    private static ContentFilter scoring(String rule, double score, Severity severity) {
        return m -> List.of(new Finding(rule, score, severity, rule, Location.message()));
    }

    @Test
    void runsFiltersInOrderAndLabelsTheirFindings() {
        add("second", 200, 0, scoring("b", 1, Severity.INFO));
        add("first", 100, 0, scoring("a", 1, Severity.INFO));
        add("also-second", 200, 5, scoring("c", 1, Severity.INFO));
        Verdict v = pipeline.check(EMAIL, DEFAULTS, 1000);
        assertEquals(List.of("first", "also-second", "second"), v.filters());
        assertEquals(List.of("first:a", "also-second:c", "second:b"),
                v.findings().stream().map(f -> f.filter() + ":" + f.finding().ruleId()).toList());
        assertEquals(Decision.PASS, v.decision());
        assertEquals(3, v.score());
    }

    @Test
    void thresholdsAndSeveritiesDecide() {
        add("s", 1, 0, scoring("a", 6, Severity.INFO));
        assertEquals(Decision.WARN, pipeline.check(EMAIL, DEFAULTS, 1000).decision());
        // a quality finding reaches WARN, never BLOCK, whatever the blocking threshold
        assertEquals(Decision.WARN, pipeline.check(EMAIL, new FilterSettings(2, 6, Set.of()), 1000).decision());
        assertEquals(Decision.PASS, pipeline.check(EMAIL, new FilterSettings(7, 9, Set.of()), 1000).decision());
        add("w", 2, 0, scoring("b", 0, Severity.WARN));
        assertEquals(Decision.WARN, pipeline.check(EMAIL, new FilterSettings(70, 90, Set.of()), 1000).decision());
        add("x", 3, 0, scoring("c", 0, Severity.BLOCK));
        assertEquals(Decision.BLOCK, pipeline.check(EMAIL, new FilterSettings(70, 90, Set.of()), 1000).decision());
    }

    @Test
    void weakSignalsNeverBlockHoweverHighTheirSum() {
        add("spammy", 1, 0, m -> List.of(Finding.of("spammy.a", 30, "a", Location.message()), Finding.warn("spammy.b", 30, "b", Location.message())));
        Verdict v = pipeline.check(EMAIL, DEFAULTS, 1000);
        assertEquals(Decision.WARN, v.decision());
        assertEquals(60, v.score());
    }

    @Test
    void dangerFindingsBlockTogetherWithEachRuleCountedOnce() {
        add("danger", 1, 0, m -> List.of(Finding.danger("danger.link", 6, Severity.WARN, "x", Location.message()),
                Finding.danger("danger.link", 6, Severity.WARN, "x", Location.message())));
        Verdict once = pipeline.check(EMAIL, DEFAULTS, 1000);
        assertEquals(Decision.WARN, once.decision(), "one signal on two links is one signal");
        assertEquals(12, once.score());
        add("more", 2, 0, m -> List.of(Finding.danger("more.form", 4, Severity.INFO, "y", Location.message())));
        assertEquals(Decision.BLOCK, pipeline.check(EMAIL, DEFAULTS, 1000).decision(), "6 + 4 reaches the blocking threshold 10");
    }

    @Test
    void aFindingMadeWithoutAKindIsAQualityFindingUnlessItBlocks() {
        assertEquals(Kind.QUALITY, new Finding("x.a", 1, Severity.WARN, "a", Location.message()).kind());
        assertEquals(Kind.QUALITY, Finding.of("x.a", 1, "a", null).kind());
        assertEquals(Kind.DANGER, Finding.block("x.b", 0, "b", null).kind());
        assertEquals(Kind.DANGER, new Finding("x.b", 0, Severity.BLOCK, "b", null, Kind.QUALITY).kind(), "a block is danger");
    }

    @Test
    void aFailingFilterBecomesAWarningAndTheOthersStillRun() {
        add("broken", 1, 0, m -> {
            throw new IllegalStateException("boom");
        });
        add("fine", 2, 0, scoring("ok", 1, Severity.INFO));
        Verdict v = pipeline.check(EMAIL, DEFAULTS, 1000);
        assertEquals(Decision.WARN, v.decision());
        ReportedFinding failure = v.findings().get(0);
        assertEquals("pipeline", failure.filter());
        assertEquals("pipeline.failed", failure.finding().ruleId());
        assertTrue(failure.finding().message().contains("broken"));
        assertEquals("fine", v.findings().get(1).filter());
    }

    @Test
    void aSlowFilterTimesOutAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        add("slow", 1, 0, m -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return List.of();
        });
        add("fine", 2, 0, scoring("ok", 1, Severity.INFO));
        long start = System.nanoTime();
        Verdict v = pipeline.check(EMAIL, DEFAULTS, 100);
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertEquals("pipeline.timeout", v.findings().get(0).finding().ruleId());
        assertTrue(v.findings().get(0).finding().message().contains("slow"));
        assertEquals("fine", v.findings().get(1).filter());
        assertTrue(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void disabledFiltersDoNotRun() {
        add("a", 1, 0, scoring("a", 1, Severity.INFO));
        add("b", 2, 0, scoring("b", 1, Severity.INFO));
        Verdict v = pipeline.check(EMAIL, new FilterSettings(5, 10, Set.of("a")), 1000);
        assertEquals(List.of("b"), v.filters());
    }

    @Test
    void aFilterOfTheSameNameWithHigherRankingReplacesTheOtherUntilItLeaves() {
        add("spam", 1, 0, scoring("old", 1, Severity.INFO));
        add("spam", 1, 10, scoring("new", 1, Severity.INFO));
        assertEquals("new", pipeline.check(EMAIL, DEFAULTS, 1000).findings().get(0).finding().ruleId());
        pipeline.remove(ids);
        assertEquals("old", pipeline.check(EMAIL, DEFAULTS, 1000).findings().get(0).finding().ruleId());
        pipeline.remove(ids - 1);
        assertEquals(List.of(), pipeline.check(EMAIL, DEFAULTS, 1000).filters());
    }
}
