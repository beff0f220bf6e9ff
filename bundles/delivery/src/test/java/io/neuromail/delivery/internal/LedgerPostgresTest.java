package io.neuromail.delivery.internal;

import javax.sql.DataSource;

/** The ledger on PostgreSQL ({@code FOR UPDATE SKIP LOCKED} claims); PostgreSQL must be running. */
class LedgerPostgresTest extends LedgerContract {

    @Override
    DataSource dataSource() throws Exception {
        return TestDatabases.postgres();
    }
}
