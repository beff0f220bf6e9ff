package io.neuromail.contacts.internal;

/**
 * One set-based SQL statement over the staged rows of an import ({@code nm_import_row},
 * {@code nm_import_value}) and its parameters, the account among them. The store that owns the
 * table it writes makes it; the import runs it inside its one transaction, where it can cancel it.
 */
public record BulkStatement(String sql, Object... params) {
}
