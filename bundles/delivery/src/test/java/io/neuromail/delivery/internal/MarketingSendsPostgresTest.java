package io.neuromail.delivery.internal;

import javax.sql.DataSource;

/** Marketing sends on PostgreSQL; PostgreSQL must be running. */
class MarketingSendsPostgresTest extends MarketingSendsContract {

    private TestDatabases.Postgres postgres;

    @Override
    DataSource dataSource() throws Exception {
        postgres = TestDatabases.postgres("marketing");
        return postgres.pool();
    }

    @Override
    void release() throws Exception {
        postgres.close();
    }
}
