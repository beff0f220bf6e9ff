package io.neuromail.filters.internal.pipeline;

import java.util.concurrent.Callable;

/** Told how long each filter ran, on the filter's worker thread (also when it failed or ran late). */
@FunctionalInterface
public interface FilterTimer {

    /** Times nothing. */
    FilterTimer NONE = (filter, nanos) -> { };

    /** {@code filter} ran for {@code nanos}. Must be quick and not throw. */
    void ran(String filter, long nanos);

    /** Runs {@code work}, telling {@code timer} how long it took. */
    static <T> T timed(FilterTimer timer, String filter, Callable<T> work) throws Exception {
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            timer.ran(filter, System.nanoTime() - start);
        }
    }
}
