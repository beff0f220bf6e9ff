package io.neuromail.api.persistence;

import java.sql.SQLException;

/**
 * A database failure nobody can fix by changing the request: the platform logs it and answers
 * {@code 500} with an error id; no SQL reaches the client. The one unchecked exception of
 * {@link Jdbc}. It is an {@link IllegalStateException} so that code which treats any illegal
 * state as "nothing was done" (a lost insert race, a failed commit) handles it the same way.
 *
 * @since 1.3
 */
public class DataAccessException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public DataAccessException(SQLException cause) {
        super("Database failure: " + cause.getMessage(), cause);
    }

    /** The driver's SQL state of the failure, e.g. {@code 23505} for a unique-key violation; may be null. */
    public String sqlState() {
        return getCause() instanceof SQLException e ? e.getSQLState() : null;
    }
}
