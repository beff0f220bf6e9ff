package io.neuromail.campaigns.internal.content;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.htmlunit.cssparser.dom.AbstractCSSRuleImpl;
import org.htmlunit.cssparser.dom.CSSCharsetRuleImpl;
import org.htmlunit.cssparser.dom.CSSFontFaceRuleImpl;
import org.htmlunit.cssparser.dom.CSSImportRuleImpl;
import org.htmlunit.cssparser.dom.CSSMediaRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleSheetImpl;
import org.htmlunit.cssparser.dom.Property;
import org.htmlunit.cssparser.parser.CSSErrorHandler;
import org.htmlunit.cssparser.parser.CSSException;
import org.htmlunit.cssparser.parser.CSSOMParser;
import org.htmlunit.cssparser.parser.CSSParseException;
import org.htmlunit.cssparser.parser.InputSource;

/**
 * Sanitises the text of a {@code <style>} element: keeps style rules and {@code @media} blocks whose
 * properties are on the e-mail whitelist and whose values are plain (keywords, lengths, colours,
 * strings, {@code rgb()}/{@code hsl()}/{@code calc()} and {@code url()} of an http(s) image for
 * backgrounds); drops {@code @import}, {@code @font-face}, {@code expression()}, script URLs and
 * everything the parser does not understand. The result is re-serialised by the parser, so nothing
 * of the original text passes unexamined.
 */
final class CssSanitiser {

    /** Deepest nesting of brackets and blocks accepted; the parser is recursive. */
    static final int MAX_NESTING = 24;

    private static final Set<String> FUNCTIONS = Set.of("rgb", "rgba", "hsl", "hsla", "calc", "url");
    private static final Set<String> URL_PROPERTIES = Set.of("background", "background-image");

    private final Set<String> properties;

    CssSanitiser(Set<String> properties) {
        this.properties = Set.copyOf(properties);
    }

    /** The sanitised style sheet (possibly empty); what was dropped goes to {@code notes}. */
    String sanitise(String css, Notes notes) {
        if (nesting(css) > MAX_NESTING) {
            notes.add("removed a <style> block nested too deeply to check");
            return "";
        }
        CSSOMParser parser = new CSSOMParser();
        boolean[] errors = {false};
        parser.setErrorHandler(new CSSErrorHandler() {
            @Override
            public void warning(CSSParseException e) throws CSSException {
                errors[0] = true;
            }

            @Override
            public void error(CSSParseException e) throws CSSException {
                errors[0] = true;
            }

            @Override
            public void fatalError(CSSParseException e) throws CSSException {
                errors[0] = true;
            }
        });
        CSSStyleSheetImpl sheet;
        try {
            sheet = parser.parseStyleSheet(new InputSource(new StringReader(css)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (errors[0]) {
            notes.add("removed CSS that could not be read");
        }
        StringBuilder out = new StringBuilder();
        if (sheet != null) {
            rules(sheet.getCssRules().getRules(), out, notes, "");
        }
        return escapeForStyleElement(out.toString());
    }

    private void rules(List<AbstractCSSRuleImpl> rules, StringBuilder out, Notes notes, String indent) {
        for (AbstractCSSRuleImpl rule : rules) {
            if (rule instanceof CSSStyleRuleImpl style) {
                String declarations = declarations(style.getStyle().getProperties(), notes);
                if (!declarations.isEmpty()) {
                    out.append(indent).append(plainSelector(style.getSelectorText())).append(" { ").append(declarations).append(" }\n");
                }
            } else if (rule instanceof CSSMediaRuleImpl media) {
                String query = media.getMediaList().getMediaText();
                if (!safeMediaQuery(query)) {
                    notes.add("removed an @media block with an unsupported query");
                    continue;
                }
                StringBuilder inner = new StringBuilder();
                rules(media.getCssRules().getRules(), inner, notes, indent + "  ");
                if (inner.length() > 0) {
                    out.append(indent).append("@media ").append(query).append(" {\n").append(inner).append(indent).append("}\n");
                }
            } else if (rule instanceof CSSImportRuleImpl) {
                notes.add("removed an @import rule");
            } else if (rule instanceof CSSFontFaceRuleImpl) {
                notes.add("removed an @font-face rule");
            } else if (!(rule instanceof CSSCharsetRuleImpl)) {
                notes.add("removed an unsupported CSS rule");
            }
        }
    }

    private String declarations(List<Property> declared, Notes notes) {
        StringBuilder out = new StringBuilder();
        for (Property property : declared) {
            String name = property.getName().toLowerCase(Locale.ROOT);
            if (!properties.contains(name)) {
                notes.add("removed the CSS property " + name);
                continue;
            }
            String value = property.getValue() == null ? "" : property.getValue().getCssText();
            if (!safeValue(name, value)) {
                notes.add("removed an unsafe value of the CSS property " + name);
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(name).append(": ").append(value).append(property.isImportant() ? " !important;" : ";");
        }
        return out.toString();
    }

    /**
     * A value is safe when it has no escapes, no markup or block characters, and calls only the
     * allowed functions; {@code url()} only on background properties and only to an http(s) address.
     */
    static boolean safeValue(String property, String value) {
        if (value.isEmpty()) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' || c == '<' || c == '>' || c == '{' || c == '}' || c == ';' || c == '@' || c == '`' || c < ' ') {
                return false;
            }
        }
        if (v.contains("expression") || v.contains("javascript") || v.contains("vbscript") || v.contains("data:")) {
            return false;
        }
        int i = 0;
        while (i < v.length()) {
            int open = v.indexOf('(', i);
            if (open < 0) {
                break;
            }
            int start = open;
            while (start > 0 && (Character.isLetterOrDigit(v.charAt(start - 1)) || v.charAt(start - 1) == '-' || v.charAt(start - 1) == '_')) {
                start--;
            }
            String function = v.substring(start, open);
            if (!function.isEmpty() && !FUNCTIONS.contains(function)) {
                return false;
            }
            if (function.equals("url")) {
                if (!URL_PROPERTIES.contains(property)) {
                    return false;
                }
                int close = v.indexOf(')', open);
                if (close < 0) {
                    return false;
                }
                String url = v.substring(open + 1, close).trim();
                if (url.length() >= 2 && (url.charAt(0) == '"' || url.charAt(0) == '\'')) {
                    url = url.substring(1, url.length() - 1).trim();
                }
                if (!(url.startsWith("https://") || url.startsWith("http://"))) {
                    return false;
                }
            }
            i = open + 1;
        }
        return true;
    }

    private static boolean safeMediaQuery(String query) {
        if (query == null || query.isBlank()) {
            return false;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ' ' || c == '(' || c == ')' || c == ':' || c == '-' || c == ',' || c == '.' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The parser writes {@code .c} as {@code *.c}; some e-mail clients mishandle the universal
     * selector, so it is dropped where it only precedes a class, id, attribute or pseudo-class.
     */
    static String plainSelector(String selector) {
        StringBuilder out = new StringBuilder(selector.length());
        char quote = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '*' && i + 1 < selector.length() && ".#[:".indexOf(selector.charAt(i + 1)) >= 0
                    && (i == 0 || " >+~,(".indexOf(selector.charAt(i - 1)) >= 0)) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Deepest nesting of (), [] and {} in the text, counted in one pass. */
    static int nesting(String css) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < css.length(); i++) {
            char c = css.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
                max = Math.max(max, depth);
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return max;
    }

    /** No {@code <} can reach the page inside a style element, so {@code </style>} cannot close it early. */
    private static String escapeForStyleElement(String css) {
        return css.indexOf('<') < 0 ? css : css.replace("<", "\\3c ");
    }
}
