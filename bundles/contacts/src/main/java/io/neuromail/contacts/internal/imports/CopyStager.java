package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Stages rows on PostgreSQL with two {@code COPY ... FROM STDIN} streams (rows and attribute
 * values), each on its own connection, written as the file is read: the bulk path.
 */
final class CopyStager implements Stager {

    private static final int BUFFER = 256 * 1024;

    private final String importId;
    private final Connection rowConnection;
    private final Connection valueConnection;
    private final PGCopyOutputStream rows;
    private final PGCopyOutputStream values;
    private boolean finished;
    private final StringBuilder line = new StringBuilder(256);

    CopyStager(DataSource dataSource, String importId) throws SQLException {
        this.importId = importId;
        Connection r = null;
        Connection v = null;
        try {
            r = dataSource.getConnection();
            v = dataSource.getConnection();
            r.setAutoCommit(true);
            v.setAutoCommit(true);
            rows = new PGCopyOutputStream(r.unwrap(PGConnection.class), "COPY nm_import_row (import_id, line, email,"
                    + " email_hash, new_id, first_name, last_name, status) FROM STDIN WITH (FORMAT csv)", BUFFER);
            values = new PGCopyOutputStream(v.unwrap(PGConnection.class), "COPY nm_import_value (import_id, line, name,"
                    + " text_value, number_value, date_value, bool_value) FROM STDIN WITH (FORMAT csv)", BUFFER);
        } catch (SQLException | RuntimeException e) {
            if (r != null) {
                r.close();
            }
            if (v != null) {
                v.close();
            }
            throw e;
        }
        this.rowConnection = r;
        this.valueConnection = v;
    }

    @Override
    public void row(long number, String email, String emailHash, String newId, String firstName, String lastName,
                    String status) throws SQLException {
        line.setLength(0);
        line.append(importId).append(',').append(number);
        cell(email);
        cell(emailHash);
        cell(newId);
        cell(firstName);
        cell(lastName);
        cell(status);
        write(rows);
    }

    @Override
    public void value(long number, String name, String column, Object value) throws SQLException {
        line.setLength(0);
        line.append(importId).append(',').append(number);
        cell(name);
        for (String c : new String[] {"text_value", "number_value", "date_value", "bool_value"}) {
            cell(c.equals(column) ? text(value) : null);
        }
        write(values);
    }

    private static String text(Object value) {
        return value instanceof BigDecimal n ? n.toPlainString() : String.valueOf(value);
    }

    /** A CSV cell for COPY: unquoted empty is NULL, anything else quoted with doubled quotes. */
    private void cell(String value) {
        line.append(',');
        if (value != null) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }

    private void write(OutputStream out) throws SQLException {
        line.append('\n');
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SQLException("COPY into the staging table failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish() throws SQLException {
        try {
            rows.close();
            values.close();
            finished = true;
        } catch (IOException e) {
            throw new SQLException("COPY into the staging table failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!finished) {
                // Leave no connection in COPY mode behind: the pool gets them back usable.
                for (PGCopyOutputStream stream : new PGCopyOutputStream[] {rows, values}) {
                    if (stream.isActive()) {
                        stream.cancelCopy();
                    }
                }
            }
        } finally {
            closeBoth();
        }
    }

    private void closeBoth() throws SQLException {
        try {
            rowConnection.close();
        } finally {
            valueConnection.close();
        }
    }
}
