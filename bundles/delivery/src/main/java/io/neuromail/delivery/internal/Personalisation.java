package io.neuromail.delivery.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{field}}} placeholders with a recipient's merge fields. Unknown fields become empty;
 * values are HTML-escaped in HTML and flattened to one line in header text.
 */
public final class Personalisation {

    /** Allowed names of merge fields. */
    public static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_.]{0,63})\\s*}}");

    private Personalisation() {
    }

    /** Plain text. */
    public static String text(String template, Map<String, String> fields) {
        return fill(template, fields, Personalisation::plain);
    }

    /** A header value: line breaks in values become spaces. */
    public static String header(String template, Map<String, String> fields) {
        return fill(template, fields, v -> v.replaceAll("[\\r\\n]+", " "));
    }

    /** HTML: values are escaped. */
    public static String html(String template, Map<String, String> fields) {
        return fill(template, fields, Personalisation::escapeHtml);
    }

    private static String plain(String value) {
        return value;
    }

    private static String fill(String template, Map<String, String> fields,
                               java.util.function.UnaryOperator<String> encode) {
        if (template == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value = fields.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
