package io.neuromail.filters.internal.message;

import java.util.Locale;

import org.jsoup.nodes.Element;

/**
 * Decides from an element's attributes and inline style whether its content is hidden from the
 * reader: {@code display:none}, {@code visibility:hidden}, zero opacity, a font too small to read,
 * zero height, or text in the same colour as its background.
 */
final class InlineStyle {

    private InlineStyle() {
    }

    static boolean hides(Element element) {
        if (element.hasAttr("hidden")) {
            return true;
        }
        if (!element.hasAttr("style")) {
            return fontTagHides(element);
        }
        String style = element.attr("style").toLowerCase(Locale.ROOT);
        String color = null;
        String background = null;
        for (String declaration : style.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String property = declaration.substring(0, colon).strip();
            String value = declaration.substring(colon + 1).replace("!important", "").strip();
            switch (property) {
                case "display" -> {
                    if (value.equals("none")) {
                        return true;
                    }
                }
                case "visibility" -> {
                    if (value.equals("hidden") || value.equals("collapse")) {
                        return true;
                    }
                }
                case "opacity" -> {
                    if (parseNumber(value) <= 0.05) {
                        return true;
                    }
                }
                case "font-size", "max-height", "height", "line-height" -> {
                    if (tiny(value, property.equals("font-size") ? 2 : 0)) {
                        return true;
                    }
                }
                case "color" -> color = value;
                case "background-color", "background" -> background = value;
                default -> {
                    // other properties do not hide text
                }
            }
        }
        if (color != null && sameColour(color, background == null ? inheritedBackground(element) : background)) {
            return true;
        }
        return fontTagHides(element);
    }

    private static boolean fontTagHides(Element element) {
        if (!element.normalName().equals("font")) {
            return false;
        }
        String color = element.attr("color").toLowerCase(Locale.ROOT);
        return !color.isEmpty() && sameColour(color, inheritedBackground(element));
    }

    /** The nearest background an ancestor declares, white when none does (how mail clients render). */
    private static String inheritedBackground(Element element) {
        for (Element e = element.parent(); e != null; e = e.parent()) {
            String bg = e.attr("bgcolor");
            if (!bg.isEmpty()) {
                return bg.toLowerCase(Locale.ROOT);
            }
            String style = e.attr("style").toLowerCase(Locale.ROOT);
            int at = style.indexOf("background");
            if (at >= 0) {
                int colon = style.indexOf(':', at);
                int end = style.indexOf(';', colon + 1);
                if (colon > 0) {
                    return style.substring(colon + 1, end < 0 ? style.length() : end).strip();
                }
            }
        }
        return "#ffffff";
    }

    private static boolean tiny(String value, double limitPx) {
        double number = parseNumber(value);
        if (Double.isNaN(number)) {
            return false;
        }
        if (value.endsWith("em") || value.endsWith("rem")) {
            return number * 16 <= limitPx;
        }
        if (value.endsWith("%")) {
            return number <= 10 && limitPx > 0 || number == 0;
        }
        return number <= limitPx;
    }

    private static double parseNumber(String value) {
        int end = 0;
        while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) {
            end++;
        }
        if (end == 0) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value.substring(0, end));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static boolean sameColour(String a, String b) {
        int[] x = Colours.parse(a);
        int[] y = Colours.parse(b);
        if (x == null || y == null) {
            return false;
        }
        int distance = Math.abs(x[0] - y[0]) + Math.abs(x[1] - y[1]) + Math.abs(x[2] - y[2]);
        return distance <= 24;
    }
}
