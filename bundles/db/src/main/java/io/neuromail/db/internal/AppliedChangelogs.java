package io.neuromail.db.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;

import javax.sql.DataSource;

/**
 * Remembers, per persistence unit, the SHA-256 of the changelog file Liquibase last applied in full
 * (table {@value #TABLE}). A start whose changelogs are unchanged skips Liquibase altogether: setting
 * it up and comparing every change set with {@code DATABASECHANGELOG} took most of a restart. Any
 * change to a changelog file (a new change set) makes Liquibase run as before; Liquibase's own
 * records stay the authority on what is applied. NeuroMail's changelogs are single files (no
 * {@code include}), so the file's bytes are the whole changelog.
 */
final class AppliedChangelogs {

    static final String TABLE = "nm_schema_applied";

    private AppliedChangelogs() {
    }

    /** The SHA-256 of the changelog file, hex; null when the class loader does not find it. */
    static String digest(ClassLoader loader, String changelog) {
        String path = changelog.startsWith("/") ? changelog.substring(1) : changelog;
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the changelog " + changelog + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Whether the unit's changelog with this digest was applied in full before. */
    static boolean applied(DataSource dataSource, String unitName, String digest) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT changelog_sha256 FROM " + TABLE + " WHERE unit_name = ?")) {
            ps.setString(1, unitName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && digest.equals(rs.getString(1));
            }
        } catch (SQLException e) {
            if (isMissingTable(e)) {
                return false; // a database no NeuroMail version with this record has migrated yet
            }
            throw e;
        }
    }

    /** Records that Liquibase applied the unit's changelog with this digest in full. */
    static void record(DataSource dataSource, String unitName, String changelog, String digest) throws SQLException {
        // Two nodes starting together may both create the table or the row: the second attempt sees the first's.
        SQLException first = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (unit_name VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " changelog VARCHAR(500) NOT NULL, changelog_sha256 VARCHAR(64) NOT NULL,"
                            + " applied_at TIMESTAMP NOT NULL)");
                }
                Timestamp now = Timestamp.from(Instant.now());
                try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                        + " SET changelog = ?, changelog_sha256 = ?, applied_at = ? WHERE unit_name = ?")) {
                    update.setString(1, changelog);
                    update.setString(2, digest);
                    update.setTimestamp(3, now);
                    update.setString(4, unitName);
                    if (update.executeUpdate() > 0) {
                        return;
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                        + " (unit_name, changelog, changelog_sha256, applied_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, unitName);
                    insert.setString(2, changelog);
                    insert.setString(3, digest);
                    insert.setTimestamp(4, now);
                    insert.executeUpdate();
                    return;
                }
            } catch (SQLException e) {
                if (first != null) {
                    e.addSuppressed(first);
                    throw e;
                }
                first = e;
            }
        }
    }

    /**
     * An unknown table: SQL state 42S02 (the standard), 42P01 (PostgreSQL); H2 answers 42S02, or
     * 42S04 with its own code 42104 when the database has no table at all.
     */
    private static boolean isMissingTable(SQLException e) {
        String state = e.getSQLState();
        return "42S02".equals(state) || "42S04".equals(state) || "42P01".equals(state) || e.getErrorCode() == 42104;
    }
}
