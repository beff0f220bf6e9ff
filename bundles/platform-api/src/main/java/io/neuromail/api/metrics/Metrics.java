package io.neuromail.api.metrics;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of NeuroMail's metrics, served in Prometheus text format at {@code /metrics}.
 * <p>
 * The service is bundle-scoped: what a bundle registers is removed when that bundle releases the
 * service (it stops, or the metrics feature leaves), so a bundle never unregisters by hand. Asking
 * twice for the same name with the same label names answers the same metric; a name another bundle
 * holds, or the same name with other label names, is refused with {@link IllegalArgumentException}.
 * <p>
 * Names follow Prometheus conventions: {@code neuromail_<area>_<what>}, lowercase with underscores,
 * base units (seconds, bytes). Counters are exposed with the suffix {@code _total} (give the name
 * without it); timers are histograms in seconds and their names end in {@code _seconds}.
 * <p>
 * <b>Label values must come from small, fixed sets</b> (a sender's or filter's name, a state, a
 * status code, a route template) — never ids, addresses or other values a user chooses, which would
 * grow the page without bound and leak data to whoever scrapes it.
 */
@ProviderType
public interface Metrics {

    /** The prefix every NeuroMail metric name starts with. */
    String PREFIX = "neuromail_";

    /**
     * A counter: a value that only goes up (messages sent, errors). Rates come from Prometheus's
     * {@code rate()}.
     *
     * @param name       without {@code _total}, e.g. {@code neuromail_delivery_messages_sent}
     * @param help       one line saying what is counted
     * @param labelNames the label names, in the order {@link Counter#inc(String...)} takes values
     */
    Counter counter(String name, String help, String... labelNames);

    /**
     * A timer: a histogram of durations in seconds (the time a filter takes, a request's duration).
     *
     * @param name ends with {@code _seconds}, e.g. {@code neuromail_filter_duration_seconds}
     */
    Timer timer(String name, String help, String... labelNames);

    /**
     * A gauge read when the page is scraped (rows by state, pool connections in use). The callback
     * reports each current value through {@link GaugeValues#set(double, String...)}; it runs on the
     * scraping thread, so it must be quick (cache what is expensive); if it throws, its values are
     * left out of that scrape. Registering the same gauge again from the same bundle replaces the
     * callback.
     */
    void gauge(String name, String help, List<String> labelNames, Consumer<GaugeValues> callback);

    /** A monotonically increasing count, per combination of label values. */
    @ProviderType
    interface Counter {

        /** Adds one for these label values (one per label name, in order). */
        void inc(String... labelValues);

        /** Adds {@code amount} (not negative) for these label values. */
        void add(double amount, String... labelValues);
    }

    /** A distribution of durations, per combination of label values. */
    @ProviderType
    interface Timer {

        /** Records a duration in nanoseconds (as from {@link System#nanoTime()} differences). */
        void observeNanos(long nanos, String... labelValues);
    }

    /** Where a gauge's callback reports its current values. */
    @ProviderType
    interface GaugeValues {

        /** Reports {@code value} for these label values. */
        void set(double value, String... labelValues);
    }
}
