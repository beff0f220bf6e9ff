package io.neuromail.tracking.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small form bodies the unsubscribe endpoints take: read with a ceiling, never more, and
 * parsed from {@code application/x-www-form-urlencoded} (browsers, most mail providers) or
 * {@code multipart/form-data} (which RFC 8058 lets one-click senders use).
 */
final class FormBody {

    /** The most bytes a body may have; a form here holds one or two short fields. */
    static final int MAX_BYTES = 4096;

    /** A body that is longer than allowed, or says it is. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** A body this endpoint does not read: another media type, or not well-formed. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean mediaType;

        Unreadable(String message, boolean mediaType) {
            super(message);
            this.mediaType = mediaType;
        }
    }

    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");

    private FormBody() {
    }

    /**
     * Reads at most {@code max} bytes.
     *
     * @param declaredLength the request's Content-Length, or -1 when it has none
     * @throws TooLarge when the declared length or the body itself is longer than {@code max}
     */
    static byte[] read(InputStream in, long declaredLength, int max) throws IOException, TooLarge {
        if (declaredLength > max) {
            throw new TooLarge();
        }
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw new TooLarge();
        }
        return body;
    }

    /** The fields of a body, by name; a repeated name keeps its first value. */
    static Map<String, String> parse(String contentType, byte[] body) throws Unreadable {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/x-www-form-urlencoded")) {
            return urlEncoded(new String(body, StandardCharsets.UTF_8));
        }
        if (type.equals("multipart/form-data")) {
            Matcher m = BOUNDARY.matcher(contentType);
            if (!m.find()) {
                throw new Unreadable("multipart/form-data without a boundary", false);
            }
            return multipart(new String(body, StandardCharsets.ISO_8859_1), m.group(1) != null ? m.group(1) : m.group(2));
        }
        throw new Unreadable("send application/x-www-form-urlencoded or multipart/form-data", true);
    }

    private static Map<String, String> urlEncoded(String text) throws Unreadable {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value.strip());
            } catch (IllegalArgumentException badEscape) {
                throw new Unreadable("the form body is not well-formed: " + badEscape.getMessage(), false);
            }
        }
        return fields;
    }

    private static Map<String, String> multipart(String text, String boundary) throws Unreadable {
        Map<String, String> fields = new LinkedHashMap<>();
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        if (at < 0) {
            throw new Unreadable("the multipart body has no part", false);
        }
        while (true) {
            at += delimiter.length();
            if (text.startsWith("--", at)) {
                return fields;
            }
            int next = text.indexOf("\r\n" + delimiter, at);
            int headersEnd = text.indexOf("\r\n\r\n", at);
            if (next < 0 || headersEnd < 0 || headersEnd > next) {
                throw new Unreadable("the multipart body is not well-formed", false);
            }
            String headers = text.substring(at, headersEnd);
            String value = text.substring(headersEnd + 4, next);
            for (String header : headers.split("\r\n")) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                    String disposition = header.substring(colon + 1);
                    Matcher name = NAME.matcher(disposition);
                    if (name.find() && !disposition.toLowerCase(Locale.ROOT).contains("filename")) {
                        fields.putIfAbsent(name.group(1), new String(value.getBytes(StandardCharsets.ISO_8859_1),
                                StandardCharsets.UTF_8).strip());
                    }
                }
            }
            at = next + 2;
        }
    }
}
