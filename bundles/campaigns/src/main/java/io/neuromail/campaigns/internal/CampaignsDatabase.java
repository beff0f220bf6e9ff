package io.neuromail.campaigns.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;

/** Migrates the campaigns tables at start-up and hands out the JDBC access to them. */
@Component(service = CampaignsDatabase.class)
public class CampaignsDatabase {

    static final String CHANGELOG = "io/neuromail/campaigns/db/changelog.xml";

    private final Jdbc jdbc;

    @Activate
    public CampaignsDatabase(@Reference Persistence persistence) {
        persistence.migrate("campaigns", CampaignsDatabase.class.getClassLoader(), CHANGELOG);
        this.jdbc = persistence.jdbc();
    }

    public Jdbc jdbc() {
        return jdbc;
    }
}
