package io.neuromail.api.activity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The persistent, per-account activity log. Every bundle records its state-changing actions
 * through this service, so that an account sees one history of what happened to it.
 */
@ProviderType
public interface ActivityLog {

    /**
     * Records one event. The write is durable when this method returns.
     *
     * @throws IllegalArgumentException when the event has no account or no type
     */
    void record(ActivityEvent event);
}
