package io.neuromail.campaigns.internal;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The campaigns table on the embedded database the distribution starts with. */
class CampaignStoreH2Test extends CampaignStoreContract {

    @Override
    DataSource createDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:nm_campaigns_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Override
    void dropDatabase() {
        // An in-memory database goes with the JVM.
    }
}
