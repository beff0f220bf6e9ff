package io.neuromail.tracking.internal;

/** Values from a request made safe for a log line: short, and without control characters. */
final class LogText {

    /** How much of a token a log line shows: enough to match a report, too little to use. */
    static final int TOKEN_PREFIX = 8;

    private LogText() {
    }

    /** The first characters of a token, e.g. {@code 0f3a9c1e…}. */
    static String token(String token) {
        if (token == null) {
            return "-";
        }
        return clean(token.length() <= TOKEN_PREFIX ? token : token.substring(0, TOKEN_PREFIX)) + "…";
    }

    /** {@code value} with every control character (line breaks included) as {@code ?}, at most 100 characters. */
    static String clean(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), 100));
        value.codePoints().limit(100).forEach(cp -> out.appendCodePoint(
                Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                        || Character.getType(cp) == Character.LINE_SEPARATOR
                        || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR ? '?' : cp));
        return out.toString();
    }
}
