package io.neuromail.itests.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Gives each PostgreSQL test run an empty database of its own. */
public final class PostgresDatabase {

    private PostgresDatabase() {
    }

    /**
     * Drops and creates {@code name} on the server of {@code neuromail.itest.postgresql.url}; fails
     * loudly when PostgreSQL is not reachable.
     *
     * @return the JDBC URL of the new database
     */
    public static String recreate(String name) throws SQLException {
        String adminUrl = Settings.required("neuromail.itest.postgresql.url");
        String user = Settings.required("neuromail.itest.postgresql.user");
        try (Connection c = DriverManager.getConnection(adminUrl, user, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is needed for this test run and is not usable at " + adminUrl
                    + " (start it, e.g. with .ci/run): " + e.getMessage(), e);
        }
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }
}
