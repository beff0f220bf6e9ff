package io.neuromail.delivery.internal;

import java.util.regex.Pattern;

/** Header values come from users; a line break in one would start a header of their own. */
public final class HeaderValues {

    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0000]");

    private HeaderValues() {
    }

    /** Whether {@code value} can be a header value (no CR, LF or NUL). */
    public static boolean safe(String value) {
        return value == null || !LINE_BREAK.matcher(value).find();
    }

    /** {@code value}, or an exception naming {@code field} when it holds a line break. */
    public static String require(String field, String value) {
        if (!safe(value)) {
            throw new IllegalArgumentException(field + " must not contain line breaks");
        }
        return value;
    }
}
