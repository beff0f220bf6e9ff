package io.neuromail.tracking.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.metrics.Metrics;
import io.neuromail.delivery.api.TrackingLinks;

/**
 * Takes hits from the request threads and stores them in batches, so that answering a hit never
 * waits for the database.
 * <p>
 * A hit goes into a bounded queue ({@link #offer}); when the queue is full the hit is lost and counted
 * (and logged at most once a minute), and the request is answered as usual. One writer thread takes
 * the hits, holds each about {@link #HOLD_MILLIS} so that the hits of the same message that follow
 * it are there when it is classified (a scanner's burst of clicks, the hidden link), then, every
 * {@link #FLUSH_MILLIS} ms or {@link #BATCH} hits: looks up their messages with one
 * {@link TrackingLinks#messages} call, classifies them ({@link Classifier}) and stores them with
 * their counters in one transaction ({@link TrackingStore#record}). Hits of messages delivery does
 * not know are dropped and counted. The hold is bounded: at most the queue's capacity of hits are
 * held; beyond that the oldest are stored without waiting.
 * <p>
 * Stopping the component stores everything still queued or held before it returns.
 */
@Component(service = HitRecorder.class, configurationPid = TrackingConfig.PID)
public class HitRecorder {

    static final long HOLD_MILLIS = Classifier.BURST_MILLIS + 100;
    static final long FLUSH_MILLIS = 50;
    static final int BATCH = 1000;
    static final String BUILT_IN_BOTS = "bots.txt";
    private static final long LOG_EVERY_MILLIS = 60_000;
    private static final long RETRY_MILLIS = 1000;
    private static final long STOP_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(HitRecorder.class);

    private final TrackingLinks links;
    private final Consumer<List<TrackEvent>> sink;
    private final Classifier classifier;
    private final TrackingConfig.IpStorage ipStorage;
    private final LongSupplier clock;
    private final int capacity;
    private final BlockingQueue<RawHit> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean running;
    private Thread writer;

    @Activate
    public HitRecorder(@Reference TrackingLinks links, @Reference TrackingStore store, TrackingConfig config)
            throws IOException {
        this(links, store::record, new Classifier(bots(config.botsFile()), config.tooSoonSeconds() * 1000L,
                appleEgress(config.appleEgressFile())), config.ipAddresses(), config.queue_capacity(),
                System::currentTimeMillis);
        start();
    }

    HitRecorder(TrackingLinks links, Consumer<List<TrackEvent>> sink, Classifier classifier,
                TrackingConfig.IpStorage ipStorage, int capacity, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue.capacity must be at least 1, was " + capacity);
        }
        this.links = links;
        this.sink = sink;
        this.classifier = classifier;
        this.ipStorage = ipStorage;
        this.capacity = capacity;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** At most this many lines in the file of Apple's proxy networks (Apple's own has a few hundred thousand). */
    static final int MAX_EGRESS_LINES = 5_000_000;

    /** The networks of Apple's proxies in the configured file; none when it is not there. */
    static NetworkRanges appleEgress(String file) throws IOException {
        String path = etcPath(file);
        if (path.isEmpty() || !Files.isRegularFile(Path.of(path))) {
            LOG.info("No file of Apple's proxy networks at {}: Apple Mail Privacy Protection is recognised by its "
                    + "user agent and 17.0.0.0/8", path.isEmpty() ? "(not configured)" : path);
            return NetworkRanges.NONE;
        }
        try (java.io.Reader in = Files.newBufferedReader(Path.of(path), java.nio.charset.StandardCharsets.UTF_8)) {
            NetworkRanges ranges = NetworkRanges.read(in, MAX_EGRESS_LINES);
            LOG.info("Apple's proxy networks: {} ranges from {} ({} lines skipped)", ranges.size(), path, ranges.skipped());
            return ranges;
        }
    }

    /** A configured file's path with {@code ${karaf.etc}} filled in; empty when not set. */
    private static String etcPath(String file) {
        String path = file == null ? "" : file.strip();
        if (path.contains("${karaf.etc}")) {
            String etc = System.getProperty("karaf.etc");
            path = etc == null ? "" : path.replace("${karaf.etc}", etc);
        }
        return path;
    }

    /** The bot list of the configured file, or the bundle's own when the setting is empty. */
    static Substrings bots(String file) throws IOException {
        String path = etcPath(file);
        if (!path.isEmpty() && Files.isRegularFile(Path.of(path))) {
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                Substrings list = new Substrings(Substrings.read(in));
                LOG.info("Tracking bot list: {} entries from {}", list.size(), path);
                return list;
            }
        }
        if (!path.isEmpty()) {
            LOG.warn("Tracking bot list {} is missing: using the list built into the bundle", path);
        }
        try (InputStream in = HitRecorder.class.getResourceAsStream(BUILT_IN_BOTS)) {
            if (in == null) {
                throw new IOException(BUILT_IN_BOTS + " is missing from the bundle");
            }
            return new Substrings(Substrings.read(in));
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        metrics.gauge("neuromail_tracking_hits_dropped", "Open and click hits lost since start: the queue was full",
                List.of(), values -> values.set(dropped.get()));
        metrics.gauge("neuromail_tracking_hits_unknown", "Open and click hits of messages delivery does not know, "
                + "not stored", List.of(), values -> values.set(unknown.get()));
        metrics.gauge("neuromail_tracking_hits_stored", "Open and click events stored since start", List.of(),
                values -> values.set(stored.get()));
        metrics.gauge("neuromail_tracking_hits_queued", "Open and click hits waiting for the writer", List.of(),
                values -> values.set(queue.size()));
    }

    void unbindMetrics(Metrics metrics) {
        // The service is bundle-scoped: our gauges leave with it.
    }

    synchronized void start() {
        running = true;
        writer = new Thread(this::run, "neuromail-tracking-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stores everything queued or held, then returns. */
    @Deactivate
    synchronized void stop() throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(STOP_MILLIS);
            if (writer.isAlive()) {
                LOG.error("The tracking writer did not finish within {} s; {} hits are not stored", STOP_MILLIS / 1000,
                        queue.size());
                writer.interrupt();
            }
            writer = null;
        }
    }

    /**
     * Queues a hit; never blocks. When the queue is full the hit is lost and counted.
     *
     * @return whether it was queued
     */
    boolean offer(RawHit hit) {
        if (queue.offer(hit)) {
            return true;
        }
        long count = dropped.incrementAndGet();
        long now = clock.getAsLong();
        long last = lastDropLog.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY_MILLIS) && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("Tracking queue full ({} hits): {} hits lost since start. Raise queue.capacity or look at the "
                    + "database", capacity, count);
        }
        return false;
    }

    /** Hits lost because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    /** Hits of messages delivery does not know. */
    long unknown() {
        return unknown.get();
    }

    /** Hits that could not be stored (the database failed while stopping). */
    long lost() {
        return lost.get();
    }

    /** Events stored. */
    long stored() {
        return stored.get();
    }

    /** A hit taken from the queue, until it is stored and old enough to be forgotten. */
    private static final class Held {
        final RawHit hit;
        boolean stored;

        Held(RawHit hit) {
            this.hit = hit;
        }
    }

    private void run() {
        List<Held> held = new ArrayList<>();
        List<RawHit> taken = new ArrayList<>();
        long retryAt = Long.MIN_VALUE;
        while (true) {
            boolean stopping = !running;
            try {
                int room = capacity - held.size();
                if (room <= 0 && !stopping) {
                    // Held full and the database failing: wait for the retry rather than spin.
                    Thread.sleep(FLUSH_MILLIS);
                }
                RawHit first = room <= 0 ? null
                        : stopping ? queue.poll() : queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    taken.add(first);
                    queue.drainTo(taken, room - 1);
                    for (RawHit hit : taken) {
                        held.add(new Held(hit));
                    }
                    taken.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                stopping = true;
            }
            long now = clock.getAsLong();
            if (stopping || now >= retryAt) {
                try {
                    flush(held, stopping || held.size() >= capacity ? Long.MAX_VALUE : now - HOLD_MILLIS);
                    retryAt = Long.MIN_VALUE;
                } catch (RuntimeException e) {
                    if (stopping) {
                        long count = held.stream().filter(h -> !h.stored).count() + queue.size();
                        lost.addAndGet(count);
                        LOG.error("Storing opens and clicks failed while stopping: {} hits are lost", count, e);
                        return;
                    }
                    LOG.error("Storing opens and clicks failed; trying again in {} ms ({} hits held)", RETRY_MILLIS,
                            held.size(), e);
                    retryAt = now + RETRY_MILLIS;
                }
            }
            forget(held, stopping || held.size() >= capacity ? Long.MAX_VALUE : now - 2 * HOLD_MILLIS);
            if (stopping && queue.isEmpty() && held.isEmpty()) {
                return;
            }
        }
    }

    /** Stores the hits that are held long enough (at or before {@code cutoff}), in batches. */
    private void flush(List<Held> held, long cutoff) {
        List<Held> ready = new ArrayList<>();
        for (Held h : held) {
            if (!h.stored && h.hit.at() <= cutoff) {
                ready.add(h);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        Map<String, List<RawHit>> byMessage = new HashMap<>();
        for (Held h : held) {
            byMessage.computeIfAbsent(h.hit.hit().deliveryId(), k -> new ArrayList<>()).add(h.hit);
        }
        Map<String, Classifier.Neighbours> neighbours = new HashMap<>();
        for (int from = 0; from < ready.size(); from += BATCH) {
            List<Held> batch = ready.subList(from, Math.min(ready.size(), from + BATCH));
            Set<String> ids = new LinkedHashSet<>();
            for (Held h : batch) {
                ids.add(h.hit.hit().deliveryId());
            }
            Map<String, TrackingLinks.Message> messages = links.messages(ids);
            List<TrackEvent> events = new ArrayList<>(batch.size());
            int unknownHere = 0;
            for (Held h : batch) {
                TrackingLinks.Message m = messages.get(h.hit.hit().deliveryId());
                if (m == null || !m.accountId().equals(h.hit.hit().accountId())) {
                    unknownHere++;
                    continue;
                }
                events.add(event(h.hit, m, neighbours.computeIfAbsent(m.deliveryId(),
                        id -> Classifier.Neighbours.of(byMessage.get(id)))));
            }
            sink.accept(events);
            for (Held h : batch) {
                h.stored = true;
            }
            stored.addAndGet(events.size());
            if (unknownHere > 0) {
                unknown.addAndGet(unknownHere);
                LOG.debug("{} tracking hits of unknown messages dropped", unknownHere);
            }
        }
    }

    private TrackEvent event(RawHit raw, TrackingLinks.Message m, Classifier.Neighbours neighbours) {
        Classifier.Verdict verdict = classifier.classify(raw, m.sentAt(), neighbours);
        TrackingLinks.Hit hit = raw.hit();
        return new TrackEvent(m.accountId(), m.sendId(), m.deliveryId(), m.contactId(), hit.open(), hit.link(),
                Instant.ofEpochMilli(raw.at()), IpAddresses.stored(raw.client(), ipStorage), raw.userAgent(),
                verdict.machine(), verdict.proxied(), TrackEvent.domainOf(m.recipient()));
    }

    /** Drops the stored hits older than {@code before}: later hits no longer need them as neighbours. */
    private static void forget(List<Held> held, long before) {
        Iterator<Held> it = held.iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (h.stored && h.hit.at() < before) {
                it.remove();
            }
        }
    }
}
