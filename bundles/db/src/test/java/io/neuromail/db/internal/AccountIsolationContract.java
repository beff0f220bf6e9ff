package io.neuromail.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;
import javax.sql.DataSource;

import org.eclipse.persistence.exceptions.QueryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.neuromail.api.persistence.AccountScoped;
import io.neuromail.api.persistence.PersistenceUnit;

/**
 * The account-isolation guarantees of {@link PersistenceService}, run against a real database by
 * each subclass. Every test uses fresh account ids, so tests share one migrated database without
 * seeing each other's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountIsolationContract {

    static final String CHANGELOG = "io/neuromail/db/internal/test-changelog.xml";
    static final List<Class<?>> ENTITIES = List.of(NoteEntity.class, TagEntity.class);

    DataSource dataSource;
    PersistenceService service;
    PersistenceUnit unit;
    private String unitName;

    String accountA;
    String accountB;

    /** The PostgreSQL role account work acts as (H2 has none). */
    static String accountRole() {
        return "neuromail_app";
    }

    /** Creates an empty database for this test class and returns a data source on it. */
    abstract DataSource createDatabase() throws Exception;

    /** Removes the database made by {@link #createDatabase()}. */
    abstract void dropDatabase() throws Exception;

    /** What {@link PersistenceService#databaseProduct()} must report. */
    abstract String expectedProduct();

    @BeforeAll
    void openUnit() throws Exception {
        dataSource = createDatabase();
        service = new PersistenceService(dataSource, accountRole());
        // Unique per class: EclipseLink keeps deployed units in a JVM-wide registry by session name.
        unitName = "dbtest-" + UUID.randomUUID();
        unit = service.open(unitName, getClass().getClassLoader(), CHANGELOG, ENTITIES);
    }

    @AfterAll
    void closeUnit() throws Exception {
        try {
            if (unit != null) {
                unit.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @BeforeEach
    void freshAccounts() {
        accountA = "acct-a-" + UUID.randomUUID();
        accountB = "acct-b-" + UUID.randomUUID();
    }

    @Test
    void reportsTheDatabaseProduct() {
        assertEquals(expectedProduct(), service.databaseProduct());
    }

    @Test
    void migrationCreatesTheTablesAndRecordsEachChangeSetOnce() throws SQLException {
        assertEquals(0, jdbcLong("select count(*) from nm_test_tag where id = ?", "none"));
        assertEquals(0, jdbcLong("select count(*) from nm_test_note where id = ?", "none"));
        assertEquals(1, jdbcLong("select count(*) from databasechangelog where id = ?", "dbtest-1"));
        assertEquals(1, jdbcLong("select count(*) from databasechangelog where id = ?", "dbtest-2"));
    }

    @Test
    void openingTheUnitAgainDoesNotMigrateAgainAndSeesTheSameRows() throws SQLException {
        String id = insertNote(accountA, "written before reopening");

        try (PersistenceUnit again = service.open(unitName, getClass().getClassLoader(), CHANGELOG, ENTITIES)) {
            NoteEntity found = again.inAccount(accountA, em -> em.find(NoteEntity.class, id));
            assertNotNull(found);
            assertEquals("written before reopening", found.text);
        }
        assertEquals(1, jdbcLong("select count(*) from databasechangelog where id = ?", "dbtest-1"));
        assertEquals(1, jdbcLong("select count(*) from databasechangelog where id = ?", "dbtest-2"));
        // The first unit is still usable after the second one closed.
        assertEquals(1L, countNotes(accountA));
    }

    @Test
    void insertFillsTheAccountColumn() throws SQLException {
        String id = insertNote(accountA, "mine");

        assertEquals(accountA, jdbcString("select " + AccountScoped.COLUMN + " from nm_test_note where id = ?", id));
    }

    @Test
    void selectSeesOnlyTheAccountsOwnRows() {
        String a1 = insertNote(accountA, "a1");
        String a2 = insertNote(accountA, "a2");
        String b1 = insertNote(accountB, "b1");

        assertEquals(Set.of(a1, a2), noteIds(accountA));
        assertEquals(Set.of(b1), noteIds(accountB));
        List<NoteEntity> byText = unit.inAccount(accountB, em -> em
                .createQuery("select n from NoteEntity n where n.text = :text", NoteEntity.class)
                .setParameter("text", "a1").getResultList());
        assertTrue(byText.isEmpty(), "account B found account A's note by its text");
    }

    @Test
    void findByIdOfAnotherAccountsRowReturnsNull() {
        String id = insertNote(accountA, "private");

        assertNull(unit.inAccount(accountB, em -> em.find(NoteEntity.class, id)));
        assertEquals("private", unit.inAccount(accountA, em -> em.find(NoteEntity.class, id)).text);
    }

    @Test
    void countSeesOnlyTheAccountsOwnRows() {
        String a1 = insertNote(accountA, "a1");
        insertNote(accountA, "a2");
        insertNote(accountB, "b1");

        assertEquals(2L, countNotes(accountA));
        assertEquals(1L, countNotes(accountB));
        long seenByB = unit.inAccount(accountB, em -> em
                .createQuery("select count(n) from NoteEntity n where n.id = :id", Long.class)
                .setParameter("id", a1).getSingleResult());
        assertEquals(0L, seenByB);
    }

    @Test
    void bulkUpdateFromAnotherAccountChangesNoneOfItsRows() throws SQLException {
        String a1 = insertNote(accountA, "a1");
        String b1 = insertNote(accountB, "b1");

        int byId = unit.inAccount(accountB, em -> em
                .createQuery("update NoteEntity n set n.text = 'hijacked' where n.id = :id")
                .setParameter("id", a1).executeUpdate());
        int all = unit.inAccount(accountB, em -> em
                .createQuery("update NoteEntity n set n.text = 'hijacked'").executeUpdate());

        assertEquals(0, byId);
        assertEquals(1, all);
        assertEquals("a1", jdbcString("select note_text from nm_test_note where id = ?", a1));
        assertEquals("hijacked", jdbcString("select note_text from nm_test_note where id = ?", b1));
    }

    @Test
    void bulkDeleteFromAnotherAccountDeletesNoneOfItsRows() throws SQLException {
        String a1 = insertNote(accountA, "a1");
        String a2 = insertNote(accountA, "a2");
        String b1 = insertNote(accountB, "b1");

        int byId = unit.inAccount(accountB, em -> em
                .createQuery("delete from NoteEntity n where n.id = :id")
                .setParameter("id", a1).executeUpdate());
        int all = unit.inAccount(accountB, em -> em.createQuery("delete from NoteEntity n").executeUpdate());

        assertEquals(0, byId);
        assertEquals(1, all);
        assertEquals(1, jdbcLong("select count(*) from nm_test_note where id = ?", a1));
        assertEquals(1, jdbcLong("select count(*) from nm_test_note where id = ?", a2));
        assertEquals(0, jdbcLong("select count(*) from nm_test_note where id = ?", b1));
        assertEquals(Set.of(a1, a2), noteIds(accountA));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n"})
    void inAccountRequiresAnAccount(String account) {
        AtomicBoolean ran = new AtomicBoolean();

        assertThrows(IllegalArgumentException.class, () -> unit.inAccount(account, em -> {
            ran.set(true);
            return null;
        }));
        assertFalse(ran.get(), "the work ran without an account");
    }

    @Test
    void globalReadsAndWritesGlobalEntities() {
        String id = UUID.randomUUID().toString();

        unit.global(em -> {
            em.persist(new TagEntity(id, "newsletter"));
            return null;
        });

        assertEquals("newsletter", unit.global(em -> em.find(TagEntity.class, id)).name);
    }

    @Test
    void globalRefusesToQueryAccountScopedEntities() {
        String a1 = insertNote(accountA, "a1");
        insertNote(accountB, "b1");

        PersistenceException query = assertThrows(PersistenceException.class, () -> unit.global(
                em -> em.createQuery("select n from NoteEntity n", NoteEntity.class).getResultList()));
        assertMissingAccount(query);

        PersistenceException count = assertThrows(PersistenceException.class, () -> unit.global(
                em -> em.createQuery("select count(n) from NoteEntity n", Long.class).getSingleResult()));
        assertMissingAccount(count);

        RuntimeException find = assertThrows(RuntimeException.class,
                () -> unit.global(em -> em.find(NoteEntity.class, a1)));
        assertMissingAccount(find);
    }

    /** EclipseLink refuses a query on an account-scoped entity when the EntityManager has no account. */
    private static void assertMissingAccount(RuntimeException refused) {
        QueryException cause = refused instanceof QueryException direct ? direct
                : assertInstanceOf(QueryException.class, refused.getCause(), refused.toString());
        assertEquals(QueryException.MISSING_CONTEXT_PROPERTY_FOR_PROPERTY_PARAMETER_EXPRESSION, cause.getErrorCode());
        assertTrue(cause.getMessage().contains(AccountScoped.PROPERTY), cause.getMessage());
    }

    @Test
    void failureInsideInAccountRollsBackAndIsRethrownUnchanged() throws SQLException {
        String id = UUID.randomUUID().toString();
        IllegalStateException failure = new IllegalStateException("boom");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> unit.inAccount(accountA, em -> {
            em.persist(new NoteEntity(id, "never committed"));
            // Make the insert reach the database, so the rollback has something to undo.
            em.flush();
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals(0, jdbcLong("select count(*) from nm_test_note where id = ?", id));
        assertNull(unit.inAccount(accountA, em -> em.find(NoteEntity.class, id)));
    }

    String insertNote(String account, String text) {
        String id = UUID.randomUUID().toString();
        unit.inAccount(account, em -> {
            em.persist(new NoteEntity(id, text));
            return null;
        });
        return id;
    }

    private Set<String> noteIds(String account) {
        return unit.inAccount(account, em -> em.createQuery("select n from NoteEntity n", NoteEntity.class)
                .getResultList().stream().map(n -> n.id).collect(Collectors.toSet()));
    }

    private long countNotes(String account) {
        return unit.inAccount(account,
                (EntityManager em) -> em.createQuery("select count(n) from NoteEntity n", Long.class).getSingleResult());
    }

    private long jdbcLong(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getLong(1);
            }
        }
    }

    private String jdbcString(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "no row for " + parameter + ": " + sql);
                return rs.getString(1);
            }
        }
    }
}
