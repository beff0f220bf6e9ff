package io.neuromail.delivery.internal;

import javax.sql.DataSource;

/** Marketing sends on the embedded database. */
class MarketingSendsH2Test extends MarketingSendsContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.h2();
    }
}
