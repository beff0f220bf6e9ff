package io.neuromail.contacts.internal.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.neuromail.api.persistence.Jdbc;

/** Stages rows with JDBC batches, committed every {@value #BATCH} rows: the portable path. */
final class BatchStager implements Stager {

    static final int BATCH = 2000;

    private final String importId;
    private final Connection connection;
    private final PreparedStatement rows;
    private final PreparedStatement values;
    private int pending;

    BatchStager(DataSource dataSource, String importId) throws SQLException {
        this.importId = importId;
        this.connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            rows = connection.prepareStatement("INSERT INTO nm_import_row (import_id, line, email, email_hash, new_id,"
                    + " first_name, last_name, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            values = connection.prepareStatement("INSERT INTO nm_import_value (import_id, line, name, text_value,"
                    + " number_value, date_value, bool_value) VALUES (?, ?, ?, ?, ?, ?, ?)");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void row(long line, String email, String emailHash, String newId, String firstName, String lastName,
                    String status) throws SQLException {
        Jdbc.bind(rows, importId, line, email, emailHash, newId, firstName, lastName, status);
        rows.addBatch();
        if (++pending >= BATCH) {
            flush();
        }
    }

    @Override
    public void value(long line, String name, String column, Object value) throws SQLException {
        values.setString(1, importId);
        values.setLong(2, line);
        values.setString(3, name);
        String[] columns = {"text_value", "number_value", "date_value", "bool_value"};
        for (int i = 0; i < columns.length; i++) {
            Jdbc.bindOne(values, 4 + i, columns[i].equals(column) ? value : null);
        }
        values.addBatch();
    }

    private void flush() throws SQLException {
        rows.executeBatch();
        values.executeBatch();
        connection.commit();
        pending = 0;
    }

    @Override
    public void finish() throws SQLException {
        flush();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } finally {
            connection.close();
        }
    }
}
