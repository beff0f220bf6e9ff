package io.neuromail.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.persistence.AccountScoped;
import io.neuromail.api.persistence.Jdbc;

/**
 * Account isolation enforced by PostgreSQL itself. Account work acts as the account role (see
 * {@link Jdbc#inAccount}): a role without {@code BYPASSRLS} that may read and write NeuroMail's
 * tables, and that on every table with an {@code account_id} column sees and writes only the rows of
 * the account its transaction names. The login role (migrations, global tables, background work
 * across accounts) owns the tables and is not limited.
 * <p>
 * Applied after every migration, so a table a bundle adds later (a third party's too) is covered
 * from its first start. Idempotent, and serialised across nodes by an advisory lock.
 */
final class RowLevelSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(RowLevelSecurity.class);

    /** The policy each account table carries. */
    static final String POLICY = "nm_account_isolation";

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Serialises the set-up between nodes starting together ("NMRLS" as a number). */
    private static final long LOCK = 0x4E4D524C53L;

    private final Jdbc jdbc;
    private final String role;

    RowLevelSecurity(Jdbc jdbc, String role) {
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("accountRole must be a plain lower-case PostgreSQL name: " + role);
        }
        this.jdbc = jdbc;
        this.role = role;
    }

    /** Creates the account role when it is missing and lets the login role act as it. */
    void prepareRole() {
        jdbc.system(c -> {
            Jdbc.one(c, "SELECT pg_advisory_xact_lock(?)", rs -> 1, LOCK);
            boolean exists = Jdbc.count(c, "SELECT count(*) FROM pg_roles WHERE rolname = ?", role) > 0;
            if (!exists) {
                Jdbc.update(c, "CREATE ROLE " + role + " NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT");
                LOG.info("Created the account role '{}' for row-level security", role);
            }
            boolean unlimited = Jdbc.count(c, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND (rolsuper OR rolbypassrls)",
                    role) > 0;
            if (unlimited) {
                throw new IllegalStateException("The account role '" + role + "' is a superuser or has BYPASSRLS;"
                        + " row-level security would not limit it. Use a plain role (see docs/operations.md).");
            }
            boolean member = Jdbc.one(c, "SELECT pg_has_role(current_user, ?, 'MEMBER')", rs -> rs.getBoolean(1), role)
                    .orElse(false);
            if (!member) {
                Jdbc.update(c, "GRANT " + role + " TO CURRENT_USER");
            }
            Jdbc.update(c, "GRANT USAGE ON SCHEMA " + quote(schema(c)) + " TO " + role);
            return null;
        });
    }

    /** Grants the account role NeuroMail's tables and puts the policy on every account table. */
    void secureTables() {
        jdbc.system(c -> {
            Jdbc.one(c, "SELECT pg_advisory_xact_lock(?)", rs -> 1, LOCK);
            String schema = schema(c);
            List<String> ungranted = Jdbc.list(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname LIKE 'nm\\_%'"
                    + " AND NOT (has_table_privilege(?, c.oid, 'SELECT') AND has_table_privilege(?, c.oid, 'INSERT')"
                    + " AND has_table_privilege(?, c.oid, 'UPDATE') AND has_table_privilege(?, c.oid, 'DELETE'))",
                    rs -> rs.getString(1), schema, role, role, role, role);
            for (String table : ungranted) {
                Jdbc.update(c, "GRANT SELECT, INSERT, UPDATE, DELETE ON " + quote(table) + " TO " + role);
            }
            List<String> sequences = Jdbc.list(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relkind = 'S' AND c.relname LIKE 'nm\\_%'"
                    + " AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(?, c.oid, 'USAGE') ELSE false END", rs -> rs.getString(1), schema, role);
            for (String sequence : sequences) {
                Jdbc.update(c, "GRANT USAGE, SELECT, UPDATE ON SEQUENCE " + quote(sequence) + " TO " + role);
            }
            List<String[]> open = Jdbc.list(c, "SELECT c.relname, format_type(a.atttypid, a.atttypmod), c.relrowsecurity"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND NOT a.attisdropped"
                    + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname LIKE 'nm\\_%'"
                    + " AND (NOT c.relrowsecurity OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = ?))",
                    rs -> new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getBoolean(3))},
                    AccountScoped.COLUMN, schema, POLICY);
            for (String[] table : open) {
                String column = table[1].startsWith("character") || table[1].equals("text")
                        ? AccountScoped.COLUMN : AccountScoped.COLUMN + "::text";
                String own = column + " = current_setting('" + Jdbc.ACCOUNT_SETTING + "', true)";
                if (!Boolean.parseBoolean(table[2])) {
                    Jdbc.update(c, "ALTER TABLE " + quote(table[0]) + " ENABLE ROW LEVEL SECURITY");
                }
                Jdbc.update(c, "DROP POLICY IF EXISTS " + POLICY + " ON " + quote(table[0]));
                Jdbc.update(c, "CREATE POLICY " + POLICY + " ON " + quote(table[0]) + " FOR ALL TO " + role
                        + " USING (" + own + ") WITH CHECK (" + own + ")");
            }
            if (!open.isEmpty()) {
                LOG.info("Row-level security now limits {} account table(s) to the current account: {}", open.size(),
                        open.stream().map(t -> t[0]).toList());
            }
            return null;
        });
    }

    private static String schema(Connection c) throws SQLException {
        return Jdbc.one(c, "SELECT current_schema()", rs -> rs.getString(1))
                .orElseThrow(() -> new IllegalStateException("the database connection has no current schema"));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
