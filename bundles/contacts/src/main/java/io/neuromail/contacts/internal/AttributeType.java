package io.neuromail.contacts.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The type of a custom attribute; an account gives each attribute name one type. */
public enum AttributeType {
    TEXT("text_value"),
    NUMBER("number_value"),
    DATE("date_value"),
    BOOLEAN("bool_value");

    /** Attribute names: letters, digits, {@code _ - .} and spaces, 1 to 100 characters, starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,99}");
    public static final int MAX_TEXT = 2000;

    private final String column;

    AttributeType(String column) {
        this.column = column;
    }

    /** The column of {@code nm_contact_attribute} that holds values of this type. */
    public String column() {
        return column;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttributeType fromWire(String value) {
        for (AttributeType t : values()) {
            if (t.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown attribute type '" + value + "' (one of text, number, date, boolean)");
    }

    /**
     * Parses a value written as text (a CSV cell, a JSON string): numbers with a dot as decimal
     * separator, dates as ISO {@code yyyy-MM-dd}, booleans as true/false/yes/no/1/0.
     *
     * @throws IllegalArgumentException with a message naming the expected form
     */
    public Object parse(String raw) {
        String v = raw.strip();
        switch (this) {
            case TEXT:
                if (raw.length() > MAX_TEXT) {
                    throw new IllegalArgumentException("text longer than " + MAX_TEXT + " characters");
                }
                return raw;
            case NUMBER:
                try {
                    BigDecimal n = new BigDecimal(v);
                    if (n.precision() - n.scale() > 28 || n.scale() > 10) {
                        throw new IllegalArgumentException("number '" + v + "' is out of range (28 digits before, 10 after the point)");
                    }
                    return n;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + v + "' is not a number");
                }
            case DATE:
                try {
                    return LocalDate.parse(v);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + v + "' is not a date (yyyy-mm-dd)");
                }
            case BOOLEAN:
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1", "y":
                        return Boolean.TRUE;
                    case "false", "no", "0", "n":
                        return Boolean.FALSE;
                    default:
                        throw new IllegalArgumentException("'" + v + "' is not a boolean (true/false, yes/no, 1/0)");
                }
            default:
                throw new AssertionError(this);
        }
    }

    /** Converts a JSON value (already typed by Jackson) or text to this type's Java value. */
    public Object fromJson(Object json) {
        if (json instanceof String s) {
            return parse(s);
        }
        if (this == NUMBER && json instanceof Number n) {
            return parse(n.toString());
        }
        if (this == BOOLEAN && json instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("expected a " + wireName() + " value, got " + (json == null ? "null" : json));
    }

    /** The type a column of sample values most likely has, for the import's suggested mapping. */
    public static AttributeType guess(Iterable<String> samples) {
        AttributeType[] order = {NUMBER, DATE, BOOLEAN};
        for (AttributeType candidate : order) {
            boolean any = false;
            boolean all = true;
            for (String s : samples) {
                if (s == null || s.isBlank()) {
                    continue;
                }
                any = true;
                try {
                    candidate.parse(s);
                } catch (IllegalArgumentException e) {
                    all = false;
                    break;
                }
            }
            if (any && all) {
                return candidate;
            }
        }
        return TEXT;
    }
}
