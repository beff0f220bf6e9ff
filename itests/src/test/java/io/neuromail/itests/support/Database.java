package io.neuromail.itests.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Reads rows straight from NeuroMail's database, to check what is (and is not) stored. */
public final class Database {

    private Database() {
    }

    /** The values of the first column of every row {@code sql} selects with {@code params}. */
    public static List<String> column(BundleContext context, String sql, Object... params) {
        return withConnection(context, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<String> values = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            }
        });
    }

    /** Runs one statement that changes rows (to put a row in a state a test cannot wait for); the rows changed. */
    public static int update(BundleContext context, String sql, Object... params) {
        return withConnection(context, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /**
     * On PostgreSQL: the values of the first column of every row {@code sql} selects in a transaction
     * that acts as the account role {@code role} for {@code accountId} (none when null), as NeuroMail's
     * account work does. The transaction is rolled back.
     */
    public static List<String> columnAs(BundleContext context, String role, String accountId, String sql) {
        return withConnection(context, c -> {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('role', ?, true),"
                        + " set_config('neuromail.account', COALESCE(?, ''), true)")) {
                    ps.setString(1, role);
                    ps.setString(2, accountId);
                    ps.executeQuery().close();
                }
                List<String> values = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    /** The product name of the database NeuroMail runs on, e.g. "H2" or "PostgreSQL". */
    public static String product(BundleContext context) {
        return withConnection(context, c -> c.getMetaData().getDatabaseProductName());
    }

    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static <T> T withConnection(BundleContext context, Work<T> work) {
        Collection<ServiceReference<DataSource>> refs;
        try {
            refs = context.getServiceReferences(DataSource.class, "(dataSourceName=neuromail)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        if (refs.isEmpty()) {
            throw new AssertionError("No NeuroMail data source is registered");
        }
        ServiceReference<DataSource> ref = refs.iterator().next();
        try (Connection c = context.getService(ref).getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new AssertionError("Database access failed: " + e.getMessage(), e);
        } finally {
            context.ungetService(ref);
        }
    }
}
