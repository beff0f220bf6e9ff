package io.neuromail.contacts.internal.imports;

import java.sql.SQLException;

/**
 * Writes the valid rows of a running import into the staging tables, from which one set-based
 * transaction applies them. PostgreSQL streams them with {@code COPY}; other databases take JDBC
 * batches.
 */
interface Stager extends AutoCloseable {

    /** One valid row. */
    void row(long line, String email, String emailHash, String newId, String firstName, String lastName, String status)
            throws SQLException;

    /** One attribute value of the row last given; {@code value} is of the Java type of its attribute type. */
    void value(long line, String name, String column, Object value) throws SQLException;

    /** Makes every staged row visible to other connections. */
    void finish() throws SQLException;

    /** Releases the connections; rows not finished are discarded. */
    @Override
    void close() throws SQLException;
}
