package io.neuromail.contacts.internal.segments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.segments.SegmentField;
import io.neuromail.contacts.internal.AttributeType;

/**
 * Turns a segment filter (JSON) into a parameterized SQL condition on the contact table. The
 * shape of the SQL depends only on the filter's structure and on names this class knows (fields,
 * operators, attribute types); attribute names, tags, list ids and values are always bound as
 * parameters, so nothing a user types can change what the query does.
 * <pre>
 * {"match": "all" | "any", "conditions": [
 *    {"field": "status", "op": "is", "value": "subscribed"},
 *    {"field": "attribute", "attribute": "city", "op": "is", "value": "Berlin"},
 *    {"field": "activity", "op": "opened", "days": 30},
 *    {"match": "any", "conditions": [ ... ]}]}
 * </pre>
 * Fields other than the contact's own ({@code activity} above) come from other bundles as
 * {@link SegmentField} services; their SQL is theirs, under the same rule.
 */
public final class SegmentCompiler {

    /** Deepest nesting of groups. */
    public static final int MAX_DEPTH = 5;
    /** Most conditions in one filter. */
    public static final int MAX_CONDITIONS = 50;

    /** The contact's own fields, in the order error messages list them. */
    private static final List<String> OWN_FIELDS = List.of("email", "first_name", "last_name", "status", "tag", "list",
            "created_at", "attribute");

    private final String accountId;
    private final Map<String, AttributeType> attributes;
    private final Predicate<String> listExists;
    private final SegmentFields fields;
    private int conditions;

    /**
     * @param accountId  the account every sub-query is limited to
     * @param attributes the account's attribute names and their types
     * @param listExists whether a list id is one of the account's lists
     * @param fields     the fields other bundles add
     */
    public SegmentCompiler(String accountId, Map<String, AttributeType> attributes, Predicate<String> listExists,
                           SegmentFields fields) {
        this.accountId = accountId;
        this.attributes = attributes;
        this.listExists = listExists;
        this.fields = fields;
    }

    /** Compiles {@code filter}, or throws {@link SegmentException} naming the part that is wrong. */
    public SqlCondition compile(JsonNode filter) {
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            throw new SegmentException("filter", "a filter is required");
        }
        conditions = 0;
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        node(filter, "filter", 1, sql, params);
        return new SqlCondition(sql.toString(), params);
    }

    private void node(JsonNode node, String path, int depth, StringBuilder sql, List<Object> params) {
        if (!node.isObject()) {
            throw new SegmentException(path, "must be an object");
        }
        if (node.has("conditions") || node.has("match")) {
            group(node, path, depth, sql, params);
        } else {
            condition(node, path, sql, params);
        }
    }

    private void group(JsonNode node, String path, int depth, StringBuilder sql, List<Object> params) {
        if (depth > MAX_DEPTH) {
            throw new SegmentException(path, "groups may be nested at most " + MAX_DEPTH + " deep");
        }
        allowOnly(node, path, Set.of("match", "conditions"));
        String match = text(node, "match", path).toLowerCase(Locale.ROOT);
        if (!match.equals("all") && !match.equals("any")) {
            throw new SegmentException(path + ".match", "must be \"all\" or \"any\"");
        }
        JsonNode list = node.get("conditions");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new SegmentException(path + ".conditions", "must be a non-empty array");
        }
        sql.append('(');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sql.append(match.equals("all") ? " AND " : " OR ");
            }
            node(list.get(i), path + ".conditions[" + i + "]", depth + 1, sql, params);
        }
        sql.append(')');
    }

    private void condition(JsonNode node, String path, StringBuilder sql, List<Object> params) {
        if (++conditions > MAX_CONDITIONS) {
            throw new SegmentException(path, "a filter may have at most " + MAX_CONDITIONS + " conditions");
        }
        String field = text(node, "field", path);
        String op = text(node, "op", path);
        if (!OWN_FIELDS.contains(field)) {
            foreign(field, op, node, path, sql, params);
            return;
        }
        allowOnly(node, path, Set.of("field", "op", "value", "attribute"));
        switch (field) {
            case "email" -> textField("c.email", op, node, path, sql, params, false);
            case "first_name", "last_name" -> textField("c." + field, op, node, path, sql, params, true);
            case "status" -> status(op, node, path, sql, params);
            case "tag" -> tag(op, node, path, sql, params);
            case "list" -> list(op, node, path, sql, params);
            case "created_at" -> created(op, node, path, sql, params);
            case "attribute" -> attribute(op, node, path, sql, params);
            default -> throw new SegmentException(path + ".field", "unknown field '" + field + "'");
        }
    }

    private void foreign(String field, String op, JsonNode node, String path, StringBuilder sql, List<Object> params) {
        SegmentField compiler = fields.get(field).orElseThrow(() -> {
            List<String> known = new ArrayList<>(OWN_FIELDS);
            known.addAll(fields.names());
            return new SegmentException(path + ".field", "unknown field '" + field + "' (one of " + String.join(", ", known) + ")");
        });
        Map<String, String> arguments = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("field") && !e.getKey().equals("op")) {
                JsonNode v = e.getValue();
                if (v.isContainerNode() || v.isNull()) {
                    throw new SegmentException(path + "." + e.getKey(), "must be a text or a number");
                }
                if (v.asText().length() > AttributeType.MAX_TEXT) {
                    throw new SegmentException(path + "." + e.getKey(), "at most " + AttributeType.MAX_TEXT + " characters");
                }
                arguments.put(e.getKey(), v.asText());
            }
        });
        SqlCondition compiled;
        try {
            compiled = compiler.compile(accountId, op, Map.copyOf(arguments));
        } catch (SegmentField.InvalidCondition e) {
            throw new SegmentException(path + "." + e.property(), e.getMessage());
        }
        sql.append('(').append(compiled.sql()).append(')');
        params.addAll(compiled.params());
    }

    private void textField(String column, String op, JsonNode node, String path, StringBuilder sql, List<Object> params,
                           boolean nullable) {
        switch (op) {
            case "is" -> {
                sql.append("LOWER(").append(column).append(") = ?");
                params.add(value(node, path).toLowerCase(Locale.ROOT));
            }
            case "is_not" -> {
                sql.append("(").append(column).append(" IS NULL OR LOWER(").append(column).append(") <> ?)");
                params.add(value(node, path).toLowerCase(Locale.ROOT));
            }
            case "contains" -> {
                sql.append("LOWER(").append(column).append(") LIKE ? ESCAPE '!'");
                params.add(like(value(node, path)));
            }
            case "not_contains" -> {
                sql.append("(").append(column).append(" IS NULL OR LOWER(").append(column).append(") NOT LIKE ? ESCAPE '!')");
                params.add(like(value(node, path)));
            }
            case "ends_with" -> {
                sql.append("LOWER(").append(column).append(") LIKE ? ESCAPE '!'");
                params.add("%" + escapeLike(value(node, path).toLowerCase(Locale.ROOT)));
            }
            case "is_set" -> {
                requireNoValue(node, path, nullable);
                sql.append("(").append(column).append(" IS NOT NULL AND ").append(column).append(" <> '')");
            }
            case "is_not_set" -> {
                requireNoValue(node, path, nullable);
                sql.append("(").append(column).append(" IS NULL OR ").append(column).append(" = '')");
            }
            default -> throw unknownOp(path, op, "is, is_not, contains, not_contains, ends_with"
                    + (nullable ? ", is_set, is_not_set" : ""));
        }
    }

    private void status(String op, JsonNode node, String path, StringBuilder sql, List<Object> params) {
        String status;
        try {
            status = ContactStatus.fromWire(value(node, path)).wireName();
        } catch (IllegalArgumentException e) {
            throw new SegmentException(path + ".value", e.getMessage());
        }
        switch (op) {
            case "is" -> sql.append("c.status = ?");
            case "is_not" -> sql.append("c.status <> ?");
            default -> throw unknownOp(path, op, "is, is_not");
        }
        params.add(status);
    }

    private void tag(String op, JsonNode node, String path, StringBuilder sql, List<Object> params) {
        String exists = "EXISTS (SELECT 1 FROM nm_contact_tag t WHERE t.account_id = ? AND t.contact_id = c.id AND t.tag = ?)";
        switch (op) {
            case "has" -> sql.append(exists);
            case "has_not" -> sql.append("NOT ").append(exists);
            default -> throw unknownOp(path, op, "has, has_not");
        }
        params.add(accountId);
        params.add(value(node, path).strip());
    }

    private void list(String op, JsonNode node, String path, StringBuilder sql, List<Object> params) {
        String listId = value(node, path);
        if (!listExists.test(listId)) {
            throw new SegmentException(path + ".value", "no list with id '" + listId + "'");
        }
        String exists = "EXISTS (SELECT 1 FROM nm_list_member m WHERE m.account_id = ? AND m.contact_id = c.id AND m.list_id = ?)";
        switch (op) {
            case "in" -> sql.append(exists);
            case "not_in" -> sql.append("NOT ").append(exists);
            default -> throw unknownOp(path, op, "in, not_in");
        }
        params.add(accountId);
        params.add(listId);
    }

    private void created(String op, JsonNode node, String path, StringBuilder sql, List<Object> params) {
        Instant at = instant(value(node, path), path + ".value");
        switch (op) {
            case "before" -> sql.append("c.created_at < ?");
            case "after" -> sql.append("c.created_at >= ?");
            default -> throw unknownOp(path, op, "before, after");
        }
        params.add(at.atOffset(ZoneOffset.UTC));
    }

    private void attribute(String op, JsonNode node, String path, StringBuilder sql, List<Object> params) {
        String name = text(node, "attribute", path);
        AttributeType type = attributes.get(name);
        if (type == null) {
            throw new SegmentException(path + ".attribute", "no contact has an attribute named '" + name + "'");
        }
        String where = "a.account_id = ? AND a.contact_id = c.id AND a.name = ?";
        String exists = "EXISTS (SELECT 1 FROM nm_contact_attribute a WHERE " + where;
        List<Object> head = List.of(accountId, name);
        String column = "a." + type.column();
        switch (op) {
            case "is_set" -> {
                requireNoValue(node, path, true);
                sql.append(exists).append(")");
                params.addAll(head);
                return;
            }
            case "is_not_set" -> {
                requireNoValue(node, path, true);
                sql.append("NOT ").append(exists).append(")");
                params.addAll(head);
                return;
            }
            default -> {
            }
        }
        Object value = attributeValue(type, node, path);
        String comparison = switch (op) {
            case "is" -> type == AttributeType.TEXT ? "LOWER(" + column + ") = ?" : column + " = ?";
            case "is_not" -> null;
            case "contains" -> type == AttributeType.TEXT ? "LOWER(" + column + ") LIKE ? ESCAPE '!'" : null;
            case "greater_than" -> type == AttributeType.NUMBER ? column + " > ?" : null;
            case "less_than" -> type == AttributeType.NUMBER ? column + " < ?" : null;
            case "before" -> type == AttributeType.DATE ? column + " < ?" : null;
            case "after" -> type == AttributeType.DATE ? column + " > ?" : null;
            default -> throw unknownOp(path, op, opsFor(type));
        };
        if (op.equals("is_not")) {
            // Contacts without the attribute are "not" the value too.
            sql.append("NOT ").append(exists).append(" AND ")
                    .append(type == AttributeType.TEXT ? "LOWER(" + column + ") = ?" : column + " = ?").append(")");
        } else if (comparison == null) {
            throw new SegmentException(path + ".op", "'" + op + "' does not apply to " + type.wireName()
                    + " attribute '" + name + "' (use " + opsFor(type) + ")");
        } else {
            sql.append(exists).append(" AND ").append(comparison).append(")");
        }
        params.addAll(head);
        if (op.equals("contains")) {
            params.add(like((String) value));
        } else if (type == AttributeType.TEXT) {
            params.add(((String) value).toLowerCase(Locale.ROOT));
        } else {
            params.add(value);
        }
    }

    private static String opsFor(AttributeType type) {
        return switch (type) {
            case TEXT -> "is, is_not, contains, is_set, is_not_set";
            case NUMBER -> "is, is_not, greater_than, less_than, is_set, is_not_set";
            case DATE -> "is, is_not, before, after, is_set, is_not_set";
            case BOOLEAN -> "is, is_not, is_set, is_not_set";
        };
    }

    private static Object attributeValue(AttributeType type, JsonNode node, String path) {
        JsonNode v = node.get("value");
        if (v == null || v.isNull()) {
            throw new SegmentException(path + ".value", "a value is required");
        }
        try {
            Object parsed = type.fromJson(v.isTextual() ? v.asText() : v.isNumber() ? v.numberValue()
                    : v.isBoolean() ? (Object) v.booleanValue() : v.toString());
            return parsed instanceof BigDecimal || parsed instanceof LocalDate || parsed instanceof Boolean
                    || parsed instanceof String ? parsed : parsed.toString();
        } catch (IllegalArgumentException e) {
            throw new SegmentException(path + ".value", e.getMessage());
        }
    }

    private static Instant instant(String value, String path) {
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new SegmentException(path, "'" + value + "' is not a date (yyyy-mm-dd) or a date-time (ISO 8601 with offset)");
            }
        }
    }

    private static String like(String value) {
        return "%" + escapeLike(value.toLowerCase(Locale.ROOT)) + "%";
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new SegmentException(path + "." + field, "must be a non-empty string");
        }
        return v.asText().strip();
    }

    private static String value(JsonNode node, String path) {
        JsonNode v = node.get("value");
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new SegmentException(path + ".value", "a value is required");
        }
        String s = v.asText();
        if (s.isBlank()) {
            throw new SegmentException(path + ".value", "a value is required");
        }
        if (s.length() > AttributeType.MAX_TEXT) {
            throw new SegmentException(path + ".value", "at most " + AttributeType.MAX_TEXT + " characters");
        }
        return s;
    }

    private static void requireNoValue(JsonNode node, String path, boolean allowed) {
        if (!allowed) {
            throw new SegmentException(path + ".op", "email is always set");
        }
        if (node.has("value") && !node.get("value").isNull()) {
            throw new SegmentException(path + ".value", "takes no value");
        }
    }

    private static void allowOnly(JsonNode node, String path, Set<String> names) {
        node.fieldNames().forEachRemaining(n -> {
            if (!names.contains(n)) {
                throw new SegmentException(path + "." + n, "unknown property (allowed: " + String.join(", ", names) + ")");
            }
        });
    }

    private static SegmentException unknownOp(String path, String op, String allowed) {
        return new SegmentException(path + ".op", "unknown operator '" + op + "' (use " + allowed + ")");
    }
}
