package io.neuromail.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.neuromail.api.persistence.DataAccessException;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * Account isolation on PostgreSQL, the production database. Needs a server on 127.0.0.1:5432 that
 * accepts user {@code postgres} without a password; each run creates and drops its own database.
 * Without that server these tests fail: isolation on PostgreSQL is not optional.
 * <p>
 * On top of the contract, PostgreSQL enforces it itself: row-level security limits the account role
 * to the rows of the account its transaction names, whatever the SQL says.
 */
class PersistenceServicePostgresTest extends AccountIsolationContract {

    private PostgresTestDatabase database;

    @Override
    DataSource createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("unit");
        return database.dataSource();
    }

    @Override
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }

    private static final String ALL_NOTES = "SELECT id FROM nm_test_note ORDER BY id";

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseMigrateItOnceBetweenThem() throws Exception {
        // Each "node" is a PersistenceService of its own on one fresh database, as two servers are.
        try (PostgresTestDatabase empty = PostgresTestDatabase.create("nodes")) {
            int nodes = 4;
            CyclicBarrier together = new CyclicBarrier(nodes);
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            try {
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    started.add(pool.submit(() -> {
                        PersistenceService node = new PersistenceService(empty.dataSource(), accountRole());
                        together.await();
                        node.migrate("unit", getClass().getClassLoader(), CHANGELOG);
                        return null;
                    }));
                }
                for (Future<?> node : started) {
                    node.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            PersistenceService after = new PersistenceService(empty.dataSource(), accountRole());
            long changeSets = after.jdbc().system(c -> Jdbc.count(c,
                    "SELECT count(*) FROM databasechangelog WHERE id = 'dbtest-1'"));
            long recorded = after.jdbc().system(c -> Jdbc.count(c, "SELECT count(*) FROM nm_schema_applied"));
            assertEquals(1L, changeSets);
            assertEquals(1L, recorded);
        }
    }

    @Test
    void theAccountRoleCannotBypassRowLevelSecurity() {
        List<Boolean> flags = service.jdbc().system(c -> Jdbc.one(c,
                "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ?",
                rs -> List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)), accountRole()).orElseThrow());
        assertEquals(List.of(false, false, false), flags);
        long unprotected = service.jdbc().system(c -> Jdbc.count(c, "SELECT count(*) FROM pg_class c"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'account_id'"
                + " WHERE c.relname LIKE 'nm\\_%' AND c.relkind = 'r' AND NOT (c.relrowsecurity AND EXISTS"
                + " (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = ?))", RowLevelSecurity.POLICY));
        assertEquals(0, unprotected, "every table with account_id has the policy");
    }

    @Test
    void anUnscopedQueryInAnAccountsTransactionSeesOnlyThatAccountsRows() {
        String a1 = insertNote(accountA, "a1");
        String b1 = insertNote(accountB, "b1");

        List<String> seenByA = service.jdbc().inAccount(accountA, c -> Jdbc.list(c, ALL_NOTES, rs -> rs.getString(1)));
        List<String> seenByB = service.jdbc().inAccount(accountB, c -> Jdbc.list(c, ALL_NOTES, rs -> rs.getString(1)));

        assertEquals(List.of(a1), seenByA.stream().filter(Set.of(a1, b1)::contains).toList());
        assertTrue(seenByA.stream().noneMatch(b1::equals), "no row of another account");
        assertEquals(List.of(b1), seenByB.stream().filter(Set.of(a1, b1)::contains).toList());
        int updated = service.jdbc().inAccount(accountA, c -> Jdbc.update(c, "UPDATE nm_test_note SET note_text = 'hacked'"));
        int deleted = service.jdbc().inAccount(accountA, c -> Jdbc.update(c, "DELETE FROM nm_test_note WHERE id = ?", b1));
        assertEquals(0, deleted);
        assertTrue(updated >= 1);
        assertEquals("b1", service.jdbc().system(c -> Jdbc.one(c, "SELECT note_text FROM nm_test_note WHERE id = ?",
                rs -> rs.getString(1), b1).orElseThrow()), "the other account's row is untouched");
    }

    @Test
    void theAccountRoleWithNoAccountSeesNoAccountRowsAtAll() throws SQLException {
        insertNote(accountA, "a1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL ROLE " + accountRole());
            try (var rs = s.executeQuery("SELECT count(*) FROM nm_test_note")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
            c.rollback();
        }
        assertTrue(service.jdbc().system(c -> Jdbc.count(c, "SELECT count(*) FROM nm_test_note")) >= 1,
                "the login role, used for work across accounts, sees every account");
    }

    @Test
    void anAccountCannotWriteARowForAnotherAccount() {
        DataAccessException refused = assertThrows(DataAccessException.class, () -> service.jdbc().inAccount(accountA,
                c -> Jdbc.update(c, "INSERT INTO nm_test_note (id, account_id, note_text) VALUES (?, ?, ?)",
                        java.util.UUID.randomUUID().toString(), accountB, "forged")));
        assertEquals("42501", refused.sqlState(), "insufficient privilege: " + refused.getMessage());
        assertEquals(0L, (long) service.jdbc().system(c -> Jdbc.count(c, "SELECT count(*) FROM nm_test_note WHERE account_id = ?",
                accountB)));
    }

    @Test
    void anEntityManagerOfOneAccountIsLimitedByTheDatabaseToo() {
        String b1 = insertNote(accountB, "b1");
        // SQL on the EntityManager's own connection carries no account condition from EclipseLink;
        // the database adds it.
        List<String> rows = unit.inAccount(accountA, em -> raw(em.unwrap(Connection.class), ALL_NOTES));
        assertTrue(rows.stream().noneMatch(b1::equals), "no row of another account: " + rows);
        assertEquals(List.of(accountRole()), unit.inAccount(accountA, em -> raw(em.unwrap(Connection.class), "SELECT current_user")));
        List<String> login = unit.global(em -> raw(em.unwrap(Connection.class), "SELECT current_user"));
        assertTrue(!login.contains(accountRole()), "global work acts as the login role: " + login);
    }

    private static List<String> raw(Connection c, String sql) {
        try {
            return Jdbc.list(c, sql, rs -> rs.getString(1));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
