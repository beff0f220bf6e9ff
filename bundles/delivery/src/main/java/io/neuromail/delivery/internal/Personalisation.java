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
        return Template.of(template).fill(fields, encode);
    }

    /**
     * A template split once into its literal text and its placeholders, so filling it for each
     * recipient is a copy rather than a new search. The templates of the sends being delivered are
     * kept (a send's texts are the same string for all its rows).
     */
    static final class Template {

        private static final int CACHED = 64;
        private static final Map<String, Template> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        /** Literal text and field names, alternating: literal, field, literal, ..., literal. */
        private final String[] parts;
        private final int literalLength;

        private Template(String template) {
            java.util.List<String> split = new java.util.ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(template);
            int last = 0;
            int literal = 0;
            while (m.find()) {
                split.add(template.substring(last, m.start()));
                literal += m.start() - last;
                split.add(m.group(1));
                last = m.end();
            }
            split.add(template.substring(last));
            literal += template.length() - last;
            this.parts = split.toArray(String[]::new);
            this.literalLength = literal;
        }

        static Template of(String template) {
            Template parsed = CACHE.get(template);
            if (parsed == null) {
                if (CACHE.size() >= CACHED) {
                    CACHE.clear();
                }
                parsed = new Template(template);
                CACHE.put(template, parsed);
            }
            return parsed;
        }

        String fill(Map<String, String> fields, java.util.function.UnaryOperator<String> encode) {
            if (parts.length == 1) {
                return parts[0];
            }
            StringBuilder out = new StringBuilder(literalLength + 64);
            for (int i = 0; i < parts.length; i++) {
                out.append(i % 2 == 0 ? parts[i] : encode.apply(fields.getOrDefault(parts[i], "")));
            }
            return out.toString();
        }
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
