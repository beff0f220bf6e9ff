package io.neuromail.delivery.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The links of a tracked send's HTML template. When the send is made, each link a person can follow
 * to a web page ({@code <a href="http(s)://...">}) gets a number, 1 and up in the order of the HTML,
 * and its address in the template becomes the merge tag {@code {{ nm_link_<n> }}}; the addresses are
 * stored with the send, and each message fills the tags with its own signed click addresses. Left as
 * they are: {@code mailto:}, {@code tel:} and other schemes, addresses made with merge tags (the
 * unsubscribe and web version links among them: their target differs per message), and links marked
 * {@code data-notrack}. The template is changed only inside those {@code href} values, never
 * re-serialised, so Liquid tags and the rest of the markup stay exactly as written.
 *
 * <p>One pass over the text, no regular expressions.
 */
final class TrackedHtml {

    /** The merge tag name of link {@code n} is this prefix and the number. */
    static final String LINK_TAG = "nm_link_";
    /** The most links of one send that are tracked; later ones are left as they are. */
    static final int MAX_LINKS = 1000;
    /** The longest link address that is tracked. */
    static final int MAX_URL = 4000;

    /** The template with its tracked links replaced by merge tags, and those links' addresses in order. */
    record Rewritten(String html, List<String> links) {
    }

    private TrackedHtml() {
    }

    static Rewritten rewrite(String html) {
        if (html == null) {
            return new Rewritten(null, List.of());
        }
        List<String> links = new ArrayList<>();
        StringBuilder out = new StringBuilder(html.length() + 256);
        int copied = 0;
        int n = html.length();
        int i = 0;
        while (i < n) {
            int lt = html.indexOf('<', i);
            if (lt < 0 || lt + 2 >= n) {
                break;
            }
            i = lt + 1;
            char c1 = html.charAt(lt + 1);
            char c2 = html.charAt(lt + 2);
            if ((c1 != 'a' && c1 != 'A') || !(Character.isWhitespace(c2) || c2 == '/')) {
                continue;
            }
            Tag tag = scanTag(html, lt + 2);
            i = tag.end;
            if (tag.hrefStart < 0 || tag.noTrack || links.size() >= MAX_LINKS) {
                continue;
            }
            String raw = html.substring(tag.hrefStart, tag.hrefEnd);
            String target = target(raw);
            if (target == null) {
                continue;
            }
            links.add(target);
            String replacement = "{{ " + LINK_TAG + links.size() + " }}";
            out.append(html, copied, tag.hrefStart);
            out.append(tag.quoted ? replacement : "\"" + replacement + "\"");
            copied = tag.hrefEnd;
        }
        if (links.isEmpty()) {
            return new Rewritten(html, List.of());
        }
        out.append(html, copied, n);
        return new Rewritten(out.toString(), List.copyOf(links));
    }

    /**
     * The HTML of one message with its open pixel and the hidden link no person sees, placed before
     * {@code </body>} (or at the end).
     */
    static String withPixel(String html, String pixelUrl, String hiddenLinkUrl) {
        String added = "<a href=\"" + hiddenLinkUrl + "\" style=\"display:none;font-size:0;line-height:0;max-height:0;"
                + "overflow:hidden;mso-hide:all\" aria-hidden=\"true\" tabindex=\"-1\"></a>"
                + "<img src=\"" + pixelUrl + "\" width=\"1\" height=\"1\" alt=\"\" "
                + "style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\">";
        int end = lastBodyEnd(html);
        return end < 0 ? html + added : html.substring(0, end) + added + html.substring(end);
    }

    private static int lastBodyEnd(String html) {
        for (int i = html.lastIndexOf("</"); i >= 0; i = i == 0 ? -1 : html.lastIndexOf("</", i - 1)) {
            if (html.regionMatches(true, i, "</body", 0, 6)) {
                return i;
            }
        }
        return -1;
    }

    /** The address a link goes to, decoded, when it is one to track; else {@code null}. */
    static String target(String rawHref) {
        if (rawHref.length() > MAX_URL || rawHref.contains("{{") || rawHref.contains("{%")) {
            return null;
        }
        String decoded = decodeEntities(rawHref).strip();
        String lower = decoded.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        try {
            URI uri = new URI(decoded);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null;
        }
        return decoded;
    }

    /** What one {@code <a ...>} tag holds: where it ends, its href value's span, data-notrack. */
    private static final class Tag {
        int end;
        int hrefStart = -1;
        int hrefEnd = -1;
        boolean quoted;
        boolean noTrack;
    }

    /** Reads the attributes of a tag from {@code from} (after its name) to its closing {@code >}. */
    private static Tag scanTag(String html, int from) {
        Tag tag = new Tag();
        int n = html.length();
        int i = from;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '>') {
                tag.end = i + 1;
                return tag;
            }
            if (Character.isWhitespace(c) || c == '/') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < n) {
                c = html.charAt(i);
                if (Character.isWhitespace(c) || c == '=' || c == '>' || c == '/') {
                    break;
                }
                i++;
            }
            String name = html.substring(nameStart, i);
            while (i < n && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            if (i < n && html.charAt(i) == '=') {
                i++;
                while (i < n && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                int valueStart;
                int valueEnd;
                boolean quoted = false;
                if (i < n && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
                    char quote = html.charAt(i);
                    valueStart = i + 1;
                    int close = html.indexOf(quote, valueStart);
                    valueEnd = close < 0 ? n : close;
                    i = close < 0 ? n : close + 1;
                    quoted = true;
                } else {
                    valueStart = i;
                    while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                        i++;
                    }
                    valueEnd = i;
                }
                if (name.equalsIgnoreCase("href") && tag.hrefStart < 0) {
                    tag.hrefStart = valueStart;
                    tag.hrefEnd = valueEnd;
                    tag.quoted = quoted;
                }
            }
            if (name.equalsIgnoreCase("data-notrack")) {
                tag.noTrack = true;
            }
        }
        tag.end = n;
        return tag;
    }

    /** The text of an attribute value: its character references decoded (jsoup, as browsers do). */
    static String decodeEntities(String s) {
        return s.indexOf('&') < 0 ? s : org.jsoup.parser.Parser.unescapeEntities(s, true);
    }
}
