package io.neuromail.contacts.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;

/**
 * The typed custom attributes of contacts and the account's attribute definitions: how a value sent
 * by a client is typed and checked, and how it is stored.
 */
public final class Attributes {

    private Attributes() {
    }

    /** The account's attribute names and types. */
    public static Map<String, AttributeType> definitions(Connection c, String accountId) throws SQLException {
        Map<String, AttributeType> out = new LinkedHashMap<>();
        for (String[] row : Jdbc.list(c, "SELECT name, type FROM nm_attribute_definition WHERE account_id = ? ORDER BY name",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, accountId)) {
            out.put(row[0], AttributeType.fromWire(row[1]));
        }
        return out;
    }

    /** Defines {@code name} with {@code type} unless it is defined already. */
    public static void define(Connection c, String accountId, String name, AttributeType type, Instant now) throws SQLException {
        if (Jdbc.count(c, "SELECT COUNT(*) FROM nm_attribute_definition WHERE account_id = ? AND name = ?", accountId, name) == 0) {
            Jdbc.update(c, "INSERT INTO nm_attribute_definition (account_id, name, type, created_at) VALUES (?, ?, ?, ?)",
                    accountId, name, type.wireName(), now);
        }
    }

    /** Sets one attribute of one contact (replacing its value), or removes it when {@code value} is null. */
    public static void set(Connection c, String accountId, String contactId, String name, AttributeType type, Object value)
            throws SQLException {
        Jdbc.update(c, "DELETE FROM nm_contact_attribute WHERE account_id = ? AND contact_id = ? AND name = ?",
                accountId, contactId, name);
        if (value != null) {
            Jdbc.update(c, "INSERT INTO nm_contact_attribute (account_id, contact_id, name, " + type.column()
                    + ") VALUES (?, ?, ?, ?)", accountId, contactId, name, value);
        }
    }

    /**
     * Writes the staged attribute values of an import ({@code nm_import_value}) to its contacts: a
     * plain insert when none of them had values before ({@code merge} false: only new contacts),
     * else a merge that replaces a value of the same name.
     */
    public static BulkStatement writeImported(String accountId, String importId, boolean merge) {
        String values = "SELECT COALESCE(r.contact_id, r.new_id) AS contact_id, v.name, v.text_value, v.number_value,"
                + " v.date_value, v.bool_value FROM nm_import_value v JOIN nm_import_row r ON r.import_id = v.import_id"
                + " AND r.line = v.line WHERE v.import_id = ?";
        if (!merge) {
            return new BulkStatement("INSERT INTO nm_contact_attribute (account_id, contact_id, name, text_value,"
                    + " number_value, date_value, bool_value) SELECT ?, s.* FROM (" + values + ") s", accountId, importId);
        }
        return new BulkStatement("MERGE INTO nm_contact_attribute a USING (" + values + ") s ON (a.account_id = ?"
                + " AND a.contact_id = s.contact_id AND a.name = s.name) WHEN MATCHED THEN UPDATE SET"
                + " text_value = s.text_value, number_value = s.number_value, date_value = s.date_value,"
                + " bool_value = s.bool_value"
                + " WHEN NOT MATCHED THEN INSERT (account_id, contact_id, name, text_value, number_value, date_value,"
                + " bool_value) VALUES (?, s.contact_id, s.name, s.text_value, s.number_value, s.date_value, s.bool_value)",
                importId, accountId, accountId);
    }

    /** The account's attributes with the number of contacts that have each. */
    public static List<Views.AttributeView> inUse(Connection c, String accountId) throws SQLException {
        return Jdbc.list(c, "SELECT d.name, d.type, (SELECT COUNT(*) FROM nm_contact_attribute a"
                + " WHERE a.account_id = d.account_id AND a.name = d.name) FROM nm_attribute_definition d"
                + " WHERE d.account_id = ? ORDER BY d.name",
                rs -> new Views.AttributeView(rs.getString(1), rs.getString(2), rs.getLong(3)), accountId);
    }

    /** An attribute value with its type, ready to write. */
    public record Typed(AttributeType type, Object value, boolean newDefinition) {
    }

    /**
     * Checks attribute values against the account's definitions. A value is a JSON scalar (its type
     * must fit the attribute's type; a new name takes the type of the value: string → text, number,
     * boolean) or {@code {"type": "date", "value": "2024-01-31"}} to define a new typed attribute.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Typed> typed(Connection c, String accountId, Map<String, Object> raw,
                                                           ApiException.Validation v) throws SQLException {
        Map<String, Typed> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.size() > 200) {
            v.reject("attributes", "at most 200 attributes per contact");
            return out;
        }
        Map<String, AttributeType> defined = definitions(c, accountId);
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().strip();
            String field = "attributes." + name;
            if (!AttributeType.NAME.matcher(name).matches()) {
                v.reject("attributes", "'" + e.getKey() + "' is not a valid attribute name (letters, digits, space, _ - . ;"
                        + " at most 100 characters)");
                continue;
            }
            Object value = e.getValue();
            AttributeType type = defined.get(name);
            boolean isNew = type == null;
            try {
                if (value instanceof Map<?, ?> typed) {
                    AttributeType declared = AttributeType.fromWire(String.valueOf(((Map<String, Object>) typed).get("type")));
                    if (type != null && type != declared) {
                        throw new IllegalArgumentException("attribute '" + name + "' is a " + type.wireName() + " attribute");
                    }
                    type = declared;
                    value = ((Map<String, Object>) typed).get("value");
                }
                if (value == null) {
                    if (type != null) {
                        out.put(name, new Typed(type, null, false));
                    }
                    continue;
                }
                if (type == null) {
                    type = value instanceof Number ? AttributeType.NUMBER
                            : value instanceof Boolean ? AttributeType.BOOLEAN : AttributeType.TEXT;
                }
                out.put(name, new Typed(type, type.fromJson(value), isNew));
            } catch (IllegalArgumentException bad) {
                v.reject(field, bad.getMessage());
            }
        }
        return out;
    }

    public static void write(Connection c, String accountId, String contactId, Map<String, Typed> attributes,
                                 Instant now) throws SQLException {
        for (Map.Entry<String, Typed> e : attributes.entrySet()) {
            Typed t = e.getValue();
            if (t.newDefinition()) {
                define(c, accountId, e.getKey(), t.type(), now);
            }
            set(c, accountId, contactId, e.getKey(), t.type(), t.value());
        }
    }

    /** The attributes of some contacts, by contact id. */
    public static Map<String, Map<String, Object>> of(Connection c, String accountId, List<String> contactIds)
            throws SQLException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        if (contactIds.isEmpty()) {
            return out;
        }
        Object[] params = new Object[contactIds.size() + 1];
        params[0] = accountId;
        for (int i = 0; i < contactIds.size(); i++) {
            params[i + 1] = contactIds.get(i);
        }
        Jdbc.list(c, "SELECT contact_id, name, text_value, number_value, date_value, bool_value FROM nm_contact_attribute"
                + " WHERE account_id = ? AND contact_id IN (" + Jdbc.marks(contactIds.size()) + ") ORDER BY name", rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), value(rs));
                    return null;
                }, params);
        return out;
    }

    private static Object value(ResultSet rs) throws SQLException {
        String text = rs.getString(3);
        if (text != null) {
            return text;
        }
        BigDecimal number = rs.getBigDecimal(4);
        if (number != null) {
            return number.stripTrailingZeros().scale() < 0 ? number.setScale(0) : number.stripTrailingZeros();
        }
        LocalDate date = rs.getObject(5, LocalDate.class);
        if (date != null) {
            return date;
        }
        boolean b = rs.getBoolean(6);
        return rs.wasNull() ? null : b;
    }
}
