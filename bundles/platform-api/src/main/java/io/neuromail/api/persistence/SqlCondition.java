package io.neuromail.api.persistence;

import java.util.List;

/**
 * A condition for a SQL {@code WHERE} clause as text with {@code ?} placeholders and the values to
 * bind, in order. The text is assembled only from fixed fragments of the bundle that made it; every
 * value a user gave is a parameter. Conditions about a contact refer to the contact's row as alias
 * {@code c} (its id is {@code c.id}).
 *
 * @since 2.1
 */
public record SqlCondition(String sql, List<Object> params) {

    public SqlCondition {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("a condition needs its SQL text");
        }
        params = List.copyOf(params);
    }

    /** Always true. */
    public static final SqlCondition TRUE = new SqlCondition("1 = 1", List.of());

    /** This condition negated. */
    public SqlCondition not() {
        return new SqlCondition("NOT (" + sql + ")", params);
    }
}
