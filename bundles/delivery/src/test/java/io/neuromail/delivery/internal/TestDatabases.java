package io.neuromail.delivery.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.delivery.internal.jpa.SettingsEntity;
import io.neuromail.testing.db.PostgresTestDatabase;

/** Real databases for the ledger tests: in-memory H2, and PostgreSQL on 127.0.0.1:5432 (must be running). */
final class TestDatabases {

    private TestDatabases() {
    }

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:nm_delivery_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    /**
     * A fresh PostgreSQL database of its own for {@code purpose}, behind a pool as in production; fails
     * loudly when PostgreSQL is not running. Closing it closes the pool and drops the database.
     */
    static Postgres postgres(String purpose) throws SQLException {
        PostgresTestDatabase database = PostgresTestDatabase.create(purpose);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.user());
        pool.setMaximumPoolSize(12);
        return new Postgres(database, new HikariDataSource(pool));
    }

    /** A PostgreSQL test database and the pool in front of it. */
    record Postgres(PostgresTestDatabase database, HikariDataSource pool) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            pool.close();
            database.close();
        }
    }

    /** Migrates the delivery schema through the real persistence service; close the unit after the tests. */
    static PersistenceUnit migrate(PersistenceService persistence) {
        return persistence.open("delivery", DeliveryService.class.getClassLoader(),
                DeliveryService.CHANGELOG, List.of(SettingsEntity.class));
    }
}
