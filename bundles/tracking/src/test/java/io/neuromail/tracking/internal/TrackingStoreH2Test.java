package io.neuromail.tracking.internal;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The tracking tables on the embedded database the distribution starts with. */
class TrackingStoreH2Test extends TrackingStoreContract {

    @Override
    DataSource createDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:nm_tracking_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Override
    void dropDatabase() {
        // An in-memory database goes with the JVM.
    }
}
