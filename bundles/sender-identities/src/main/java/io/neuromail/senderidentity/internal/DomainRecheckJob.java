package io.neuromail.senderidentity.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks verified domains again in the background ({@link IdentityService#recheckDue}), so a domain
 * whose owner removed the verification record, or that changed hands, stops being a sender identity.
 * It looks for due domains a few times per re-check interval (at least every 10 minutes), in batches;
 * a changed interval applies at once.
 */
@Component(service = {}, configurationPid = SenderIdentitiesConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class DomainRecheckJob {

    static final int BATCH = 50;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);
    private static final Duration SHORTEST_WAIT = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(DomainRecheckJob.class);

    private final IdentityService identities;
    private final ScheduledExecutorService executor;
    private volatile Duration wait;
    private ScheduledFuture<?> next;

    @Activate
    public DomainRecheckJob(@Reference IdentityService identities, SenderIdentitiesConfig config) {
        this.identities = identities;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neuromail-domain-recheck");
            t.setDaemon(true);
            return t;
        });
        this.wait = waitFor(Duration.ofSeconds(Math.max(0, config.recheck_intervalSeconds())));
        schedule();
    }

    @Modified
    synchronized void modified(SenderIdentitiesConfig config) {
        wait = waitFor(Duration.ofSeconds(Math.max(0, config.recheck_intervalSeconds())));
        if (next != null && next.cancel(false)) {
            schedule();
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    /** The wait before the next look: a quarter of the interval, within 1 s and 10 min. */
    static Duration waitFor(Duration interval) {
        if (interval.isZero()) {
            return LONGEST_WAIT;
        }
        Duration quarter = interval.dividedBy(4);
        return quarter.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT
                : quarter.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : quarter;
    }

    private synchronized void schedule() {
        if (!executor.isShutdown()) {
            next = executor.schedule(this::run, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run() {
        try {
            int checked;
            do {
                checked = identities.recheckDue(BATCH);
            } while (checked == BATCH && !Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
            LOG.warn("Re-checking verified domains failed; trying again later: {}", e.toString());
        } finally {
            schedule();
        }
    }
}
