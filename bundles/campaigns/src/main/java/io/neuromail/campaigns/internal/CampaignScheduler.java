package io.neuromail.campaigns.internal;

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
 * Starts scheduled campaigns when their time comes, chooses the winners of A/B tests when theirs
 * comes, and follows the campaigns being sent, every few seconds on every node. The database decides which node starts a campaign (one conditional update),
 * so a campaign starts once however many nodes run, and a start a stopped node left unfinished is
 * taken over when its lease ends.
 */
@Component(service = CampaignScheduler.class, immediate = true)
public class CampaignScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignScheduler.class);
    /** Seconds between two looks at the schedule: a campaign starts within this of its time. */
    static final int PERIOD_SECONDS = 5;

    private final ScheduledExecutorService executor;

    @Activate
    public CampaignScheduler(@Reference CampaignService campaigns) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neuromail-campaign-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                campaigns.startDue(50);
                campaigns.decideDue(50);
                campaigns.followActive(200);
            } catch (RuntimeException e) {
                // The database or a service is away: the next run tries again; nothing was half-done
                // that a later run cannot finish.
                LOG.warn("Campaign schedule run failed; trying again in {} s", PERIOD_SECONDS, e);
            }
        }, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("The campaign scheduler did not stop within 10 s");
        }
    }
}
