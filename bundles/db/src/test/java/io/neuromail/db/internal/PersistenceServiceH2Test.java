package io.neuromail.db.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** Account isolation on the embedded H2 database, as the distribution runs out of the box. */
class PersistenceServiceH2Test extends AccountIsolationContract {

    private JdbcDataSource dataSource;

    @Override
    DataSource createDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:nm_unit_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    @Override
    void dropDatabase() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Override
    String expectedProduct() {
        return "H2";
    }
}
