package io.neuromail.filters.internal.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Severity;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.message.MessageAnalyzer;

/**
 * Runs the registered filters over a message: the message is analysed once, then each enabled
 * filter runs in pipeline order on a worker thread under its time limit. A filter that throws, runs
 * out of time or cannot get a thread becomes a {@code WARN} finding of the pipeline naming it; the
 * check goes on with the next. Filters come and go at any time: each check takes a snapshot.
 */
public final class Pipeline implements AutoCloseable {

    /** Name under which the pipeline reports a filter's failure. */
    public static final String PIPELINE = "pipeline";

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final int MAX_WORKERS = 32;

    private volatile List<RegisteredFilter> filters = List.of();
    private final Map<Long, RegisteredFilter> registered = new HashMap<>();
    private final ExecutorService workers;
    private volatile FilterTimer timer = FilterTimer.NONE;

    public Pipeline() {
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "neuromail-filter-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Who is told how long each filter ran (metrics). */
    public void timer(FilterTimer timer) {
        this.timer = timer == null ? FilterTimer.NONE : timer;
    }

    /** Adds (or, for a known service id, updates) a filter. */
    public synchronized void add(RegisteredFilter filter) {
        registered.put(filter.serviceId(), filter);
        rebuild();
    }

    /** Removes the filter of a service id. */
    public synchronized void remove(long serviceId) {
        if (registered.remove(serviceId) != null) {
            rebuild();
        }
    }

    /** The filters that run, in pipeline order: one per name, the one with precedence. */
    public List<RegisteredFilter> filters() {
        return filters;
    }

    private void rebuild() {
        Map<String, RegisteredFilter> byName = new HashMap<>();
        for (RegisteredFilter f : registered.values()) {
            byName.merge(f.name(), f, (a, b) -> RegisteredFilter.PRECEDENCE.compare(a, b) <= 0 ? a : b);
        }
        List<RegisteredFilter> ordered = new ArrayList<>(byName.values());
        ordered.sort(RegisteredFilter.PIPELINE_ORDER);
        filters = List.copyOf(ordered);
    }

    /**
     * Checks a message.
     *
     * @param email                the message as composed
     * @param settings             thresholds and disabled filters
     * @param defaultTimeoutMillis time limit of filters that do not set their own
     */
    public Verdict check(Email email, FilterSettings settings, long defaultTimeoutMillis) {
        return check(email, List.of(), settings, defaultTimeoutMillis);
    }

    /**
     * Checks a message that comes with findings of its own, such as what was odd in the raw message
     * it was read from; they are part of the verdict, before the filters' findings.
     */
    public Verdict check(Email email, List<ReportedFinding> noted, FilterSettings settings, long defaultTimeoutMillis) {
        Message message = MessageAnalyzer.analyze(email);
        List<ReportedFinding> findings = new ArrayList<>(noted);
        List<String> ran = new ArrayList<>();
        for (RegisteredFilter filter : filters) {
            if (!settings.enabled(filter.name())) {
                continue;
            }
            ran.add(filter.name());
            long timeout = filter.timeoutMillis() > 0 ? filter.timeoutMillis() : defaultTimeoutMillis;
            for (Finding f : run(filter, message, timeout)) {
                findings.add(new ReportedFinding(f.ruleId().startsWith(PIPELINE + ".") ? PIPELINE : filter.name(), f));
            }
        }
        return verdict(findings, ran, settings, message);
    }

    private Collection<Finding> run(RegisteredFilter filter, Message message, long timeoutMillis) {
        Future<List<Finding>> result;
        try {
            result = workers.submit(() -> FilterTimer.timed(timer, filter.name(), () -> filter.filter().check(message)));
        } catch (RejectedExecutionException e) {
            LOG.warn("No worker free to run content filter {}", filter.name());
            return List.of(Finding.warn(PIPELINE + ".busy", 0, "Filter " + filter.name() + " could not run: every filter worker is busy", Location.message()));
        }
        try {
            List<Finding> found = result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return found == null ? List.of() : found.stream().filter(f -> f != null).toList();
        } catch (TimeoutException e) {
            result.cancel(true);
            LOG.warn("Content filter {} (bundle {}) did not finish within {} ms", filter.name(), filter.bundle(), timeoutMillis);
            return List.of(Finding.warn(PIPELINE + ".timeout", 0,
                    "Filter " + filter.name() + " did not finish within " + timeoutMillis + " ms; its checks are missing", Location.message()));
        } catch (ExecutionException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("Content filter {} (bundle {}) failed, error id {}", filter.name(), filter.bundle(), errorId, e.getCause());
            return List.of(Finding.warn(PIPELINE + ".failed", 0,
                    "Filter " + filter.name() + " failed (error id " + errorId + "); its checks are missing", Location.message()));
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Content check interrupted", e);
        }
    }

    /**
     * Folds the findings into a verdict. Only danger blocks: a {@code BLOCK} finding, or danger
     * findings whose scores reach the blocking threshold together, each rule of each filter counted
     * once (its highest score: one signal found on twenty links is still one signal). The total
     * score, quality findings included, can make the verdict {@code WARN} but never {@code BLOCK}:
     * weak signals that add up are still weak.
     */
    static Verdict verdict(List<ReportedFinding> findings, List<String> ran, FilterSettings settings, Message message) {
        double score = 0;
        Map<String, Double> dangerByRule = new HashMap<>();
        Decision decision = Decision.PASS;
        for (ReportedFinding f : findings) {
            score += f.finding().score();
            if (f.finding().dangerous()) {
                dangerByRule.merge(f.filter() + "\u0000" + f.finding().ruleId(), f.finding().score(), Math::max);
            }
            if (f.finding().severity() == Severity.BLOCK) {
                decision = Decision.BLOCK;
            } else if (f.finding().severity() == Severity.WARN && decision == Decision.PASS) {
                decision = Decision.WARN;
            }
        }
        score = Math.round(score * 100) / 100.0;
        double danger = Math.round(dangerByRule.values().stream().mapToDouble(Double::doubleValue).sum() * 100) / 100.0;
        if (danger >= settings.blockThreshold()) {
            decision = Decision.BLOCK;
        } else if (score >= settings.warnThreshold() && decision == Decision.PASS) {
            decision = Decision.WARN;
        }
        return new Verdict(decision, score, settings.warnThreshold(), settings.blockThreshold(), findings, ran, message);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
