package io.neuromail.identity.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes ended sessions and used or expired links every {@code cleanup.intervalMinutes} (first a
 * minute after start). Sessions and links past their time are refused anyway; this keeps the tables
 * from growing without end. It also prunes activity older than {@code activityRetentionDays}, leaving
 * a signed checkpoint ({@link ActivityChainService#prune()}).
 */
@Component(service = CleanupJob.class, immediate = true, configurationPid = IdentityConfig.PID)
public class CleanupJob {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupJob.class);

    private final IdentityService identity;
    private final SessionService sessions;
    private final ActivityChainService activityChain;
    private final ScheduledExecutorService scheduler;

    @Activate
    public CleanupJob(@Reference IdentityService identity, @Reference SessionService sessions,
                      @Reference ActivityChainService activityChain, IdentityConfig config) {
        this.identity = identity;
        this.sessions = sessions;
        this.activityChain = activityChain;
        long interval = Math.max(1, config.cleanup_intervalMinutes());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neuromail-identity-cleanup");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::run, Math.min(1, interval), interval, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("The identity clean-up did not stop within 30 s");
        }
    }

    /** One run; a failure is logged and the next run tries again. */
    void run() {
        try {
            int ended = sessions.cleanUp();
            int links = identity.cleanUpLinks();
            if (ended + links > 0) {
                LOG.info("Identity clean-up deleted {} ended sessions and {} used or expired links", ended, links);
            }
            long pruned = activityChain.prune();
            if (pruned > 0) {
                LOG.info("Identity clean-up pruned {} activity entries older than {} days", pruned,
                        activityChain.retentionDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("Identity clean-up failed; it runs again in the next interval", e);
        }
    }
}
