package io.neuromail.filters.internal.message;

import java.util.Map;

/** Parses the CSS colour notations mail uses: {@code #rgb}, {@code #rrggbb}, {@code rgb(...)} and common names. */
final class Colours {

    private static final Map<String, int[]> NAMES = Map.of(
            "white", new int[] {255, 255, 255}, "black", new int[] {0, 0, 0},
            "red", new int[] {255, 0, 0}, "blue", new int[] {0, 0, 255},
            "green", new int[] {0, 128, 0}, "yellow", new int[] {255, 255, 0},
            "gray", new int[] {128, 128, 128}, "grey", new int[] {128, 128, 128},
            "silver", new int[] {192, 192, 192}, "transparent", new int[] {255, 255, 255});

    private Colours() {
    }

    /** Red, green, blue of a colour, or {@code null} when it is not one of the known notations. */
    static int[] parse(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        if (space > 0 && !v.startsWith("rgb")) {
            v = v.substring(0, space);
        }
        if (v.startsWith("#")) {
            String hex = v.substring(1);
            if (hex.length() == 3) {
                hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
            }
            if (hex.length() != 6) {
                return null;
            }
            try {
                int rgb = Integer.parseInt(hex, 16);
                return new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (v.startsWith("rgb")) {
            int open = v.indexOf('(');
            int close = v.indexOf(')');
            if (open < 0 || close < open) {
                return null;
            }
            String[] parts = v.substring(open + 1, close).split("[,\\s/]+");
            if (parts.length < 3) {
                return null;
            }
            try {
                return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                        Integer.parseInt(parts[2].strip())};
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return NAMES.get(v);
    }
}
