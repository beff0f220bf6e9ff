package io.neuromail.delivery.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.delivery.internal.jpa.SettingsEntity;

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

    /** A fresh PostgreSQL database; fails loudly when PostgreSQL is not running. */
    static DataSource postgres() throws SQLException {
        return postgres("delivery");
    }

    /** A fresh PostgreSQL database of its own for {@code purpose} (letters and underscores). */
    static DataSource postgres(String purpose) throws SQLException {
        String host = System.getProperty("neuromail.test.postgresql.host", "127.0.0.1");
        // One database per test JVM: two builds on one server must not drop each other's.
        String name = "neuromail_unit_" + purpose + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://" + host + ":5432/" + name);
        ds.setUser("postgres");
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(ds);
        pool.setMaximumPoolSize(12);
        return new HikariDataSource(pool);
    }

    /** Migrates the delivery schema through the real persistence service; close the unit after the tests. */
    static PersistenceUnit migrate(PersistenceService persistence) {
        return persistence.open("delivery", DeliveryService.class.getClassLoader(),
                DeliveryService.CHANGELOG, List.of(SettingsEntity.class));
    }
}
