package io.neuromail.api.rest;

/**
 * Makes a value a client sent (a path, a header, a user agent, an email, a query value, an address)
 * safe to put in a log line: it can neither start a forged line nor reorder what a reader sees.
 * CR, LF and tab become {@code \r}, {@code \n} and {@code \t}; every other C0 and C1 control
 * character, DEL, the line and paragraph separators and the bidirectional controls become
 * {@code \}{@code uXXXX}; a backslash becomes two, so the encoding reads back unambiguously. Values
 * longer than {@value #MAX_CHARS} characters are cut there and say how long they were.
 */
public final class LogSafe {

    /** The most characters of a value that reach the log. */
    public static final int MAX_CHARS = 256;

    private LogSafe() {
    }

    /** The value encoded for a log line; {@code "null"} for {@code null}. */
    public static String of(Object value) {
        String s = String.valueOf(value);
        int end = Math.min(s.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(end + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        if (s.length() > MAX_CHARS) {
            // Do not leave half a surrogate pair at the cut.
            if (out == null) {
                out = new StringBuilder(s.substring(0, Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end));
            } else if (Character.isHighSurrogate(s.charAt(end - 1))) {
                out.setLength(out.length() - 1);
            }
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out == null ? s : out.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\r':
                return "\\r";
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || isBidiOrSeparator(c)) {
            return String.format("\\u%04X", (int) c);
        }
        return null;
    }

    /** Bidirectional formatting characters (Trojan Source) and the Unicode line and paragraph separators. */
    private static boolean isBidiOrSeparator(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
    }
}
