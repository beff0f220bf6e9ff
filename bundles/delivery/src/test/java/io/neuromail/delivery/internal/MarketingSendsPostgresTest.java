package io.neuromail.delivery.internal;

import javax.sql.DataSource;

/** Marketing sends on PostgreSQL; PostgreSQL must be running. */
class MarketingSendsPostgresTest extends MarketingSendsContract {

    @Override
    DataSource dataSource() throws Exception {
        return TestDatabases.postgres("marketing");
    }
}
