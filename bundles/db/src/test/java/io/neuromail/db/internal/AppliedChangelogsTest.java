package io.neuromail.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A start with unchanged changelogs skips Liquibase; a changed changelog runs it again. */
class AppliedChangelogsTest {

    private static final String CHANGELOG = AccountIsolationContract.CHANGELOG;

    private JdbcDataSource dataSource;
    private PersistenceService service;

    @BeforeEach
    void database() throws Exception {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:nm_applied_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        service = new PersistenceService(dataSource, "neuromail_app");
    }

    @AfterEach
    void drop() throws Exception {
        execute("SHUTDOWN");
    }

    @Test
    void unchangedChangelogIsNotAppliedAgain() throws Exception {
        service.migrate("skiptest", getClass().getClassLoader(), CHANGELOG);
        assertEquals(AppliedChangelogs.digest(getClass().getClassLoader(), CHANGELOG),
                single("SELECT changelog_sha256 FROM nm_schema_applied WHERE unit_name = 'skiptest'"));
        // Liquibase would now create nm_test_note again and fail: the record must keep it from running.
        execute("DELETE FROM DATABASECHANGELOG");
        service.migrate("skiptest", getClass().getClassLoader(), CHANGELOG);
        assertEquals("0", single("SELECT COUNT(*) FROM DATABASECHANGELOG"));
    }

    @Test
    void changedChangelogRunsLiquibase() throws Exception {
        service.migrate("skiptest", getClass().getClassLoader(), CHANGELOG);
        execute("UPDATE nm_schema_applied SET changelog_sha256 = 'older' WHERE unit_name = 'skiptest'");
        execute("DELETE FROM DATABASECHANGELOG");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> service.migrate("skiptest", getClass().getClassLoader(), CHANGELOG));
        assertTrue(e.getMessage().contains("skiptest"), e.getMessage());
    }

    @Test
    void digestOfAMissingChangelogIsNull() {
        assertEquals(null, AppliedChangelogs.digest(getClass().getClassLoader(), "no/such/changelog.xml"));
        assertNotNull(AppliedChangelogs.digest(getClass().getClassLoader(), "/" + CHANGELOG));
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String single(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
