package io.neuromail.api.rest;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV cells NeuroMail writes: quoted when needed, and defused when a spreadsheet would read them as
 * a formula (a leading {@code = + - @}, tab or carriage return gets a leading apostrophe), so an
 * exported file never runs anything when opened.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || s.indexOf(';') >= 0 || (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '))) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Writes one line of cells, comma-separated and ended with CRLF (RFC 4180). */
    public static void line(Writer out, List<?> cells) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(cells.get(i)));
        }
        out.write(sb.append("\r\n").toString());
    }
}
