package io.neuromail.contacts.internal.segments;

import java.util.List;

/**
 * A condition on the contact table (alias {@code c}) as SQL text with {@code ?} placeholders and
 * the values to bind, in order. The text is assembled only from fixed fragments of this package;
 * every value a user gave is a parameter.
 */
public record SqlCondition(String sql, List<Object> params) {

    public SqlCondition {
        params = List.copyOf(params);
    }

    public static final SqlCondition TRUE = new SqlCondition("1 = 1", List.of());
}
