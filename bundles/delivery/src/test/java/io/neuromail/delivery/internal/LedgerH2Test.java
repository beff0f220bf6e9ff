package io.neuromail.delivery.internal;

import javax.sql.DataSource;

/** The ledger on the embedded H2 database (conditional-update claims). */
class LedgerH2Test extends LedgerContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.h2();
    }
}
