package io.neuromail.campaigns.internal.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.owasp.html.AttributePolicy;
import org.owasp.html.CssSchema;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Makes campaign HTML safe to store, preview and send, keeping what e-mail clients need.
 *
 * <p>Removed: scripts, event handlers, forms, frames, objects, embedded SVG, {@code <base>},
 * {@code <link>}, refresh and other unknown {@code <meta>} elements, and every URL that is not
 * http(s) (plus {@code mailto:} and {@code tel:} in links, and base64 PNG/GIF/JPEG/WebP images in
 * {@code <img src>}). Kept: whole documents (doctype, {@code <html lang>}, {@code <title>}, the
 * viewport and similar {@code <meta>} elements), layout tables with their presentational
 * attributes, inline styles on the e-mail CSS whitelist, images, links, and {@code <style>} blocks
 * (moved to the head, re-serialised after {@link CssSanitiser} has checked every rule; {@code @media}
 * blocks stay). Liquid merge tags survive unchanged in text and attributes; a tag may form a whole
 * link or image address (whoever renders must check that what such a tag produces is an http(s)
 * address: the value may come from a contact). The body goes through the OWASP Java HTML Sanitizer; head and style text
 * never reach it.
 *
 * <p>Thread-safe. Input is limited to {@link #MAX_LENGTH} characters.
 */
public final class HtmlSanitiser {

    /** Longest HTML accepted, in characters (1 MiB). */
    public static final int MAX_LENGTH = 1 << 20;

    /** Most characters of {@code <style>} text accepted (Gmail clips whole messages above 102 KB). */
    public static final int MAX_STYLE_LENGTH = 100_000;

    /** Deepest element nesting accepted; real e-mails stay far below it. */
    public static final int MAX_DEPTH = 1_000;

    private static final Set<String> VOID_ELEMENTS = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "param", "source", "track", "wbr");

    /** Properties e-mail templates use that the OWASP default schema leaves out (its own definitions). */
    private static final List<String> EMAIL_PROPERTIES = List.of("display", "float", "clear", "opacity", "overflow",
            "overflow-x", "overflow-y", "overflow-wrap", "word-break", "visibility");

    /** Property kinds of {@link CssSchema.Property}: a length or number, and a keyword. */
    private static final int CSS_QUANTITY = 1;

    /** Client-specific properties unknown to OWASP, defined here. */
    private static final Map<String, CssSchema.Property> CLIENT_PROPERTIES = Map.of(
            "-webkit-text-size-adjust", new CssSchema.Property(CSS_QUANTITY, Set.of("none", "auto"), Map.of()),
            "-ms-text-size-adjust", new CssSchema.Property(CSS_QUANTITY, Set.of("none", "auto"), Map.of()),
            "mso-line-height-rule", new CssSchema.Property(0, Set.of("exactly", "at-least"), Map.of()),
            "mso-table-lspace", new CssSchema.Property(CSS_QUANTITY, Set.of(), Map.of()),
            "mso-table-rspace", new CssSchema.Property(CSS_QUANTITY, Set.of(), Map.of()),
            "mso-hide", new CssSchema.Property(0, Set.of("all", "none"), Map.of()),
            "box-sizing", new CssSchema.Property(0, Set.of("border-box", "content-box"), Map.of()));

    static final CssSchema CSS_SCHEMA = CssSchema.union(CssSchema.DEFAULT, CssSchema.withProperties(EMAIL_PROPERTIES),
            CssSchema.withProperties(CLIENT_PROPERTIES));

    private static final Set<String> META_NAMES = Set.of("viewport", "x-apple-disable-message-reformatting",
            "format-detection", "color-scheme", "supported-color-schemes", "description");

    private static final String[] ELEMENTS = {"a", "abbr", "address", "article", "b", "big", "blockquote", "br",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em", "figcaption",
        "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd",
        "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "section", "small", "span", "strike", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "wbr"};

    private static final String[] TABLE_ELEMENTS = {"table", "tbody", "thead", "tfoot", "tr", "td", "th", "col",
        "colgroup"};

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements(ELEMENTS)
            .allowElements("body")
            .allowWithoutAttributes("span", "font", "a", "body")
            .allowAttributes("class", "id", "title", "dir", "lang", "align", "role", "aria-label", "aria-hidden")
                .globally()
            .allowAttributes("width", "height", "valign", "bgcolor", "border", "cellpadding", "cellspacing",
                "colspan", "rowspan", "nowrap", "scope", "headers", "summary", "span")
                .onElements(TABLE_ELEMENTS)
            .allowAttributes("background").matching(HtmlSanitiser::imageUrl).onElements("table", "td", "th", "body")
            .allowAttributes("bordercolor").onElements("table", "td", "th")
            .allowAttributes("bgcolor", "text", "link", "vlink", "alink", "leftmargin", "topmargin", "marginwidth",
                "marginheight").onElements("body")
            .allowAttributes("clear").onElements("br")
            .allowAttributes("href").matching(HtmlSanitiser::linkUrl).onElements("a")
            .allowAttributes("name", "target", "rel").onElements("a")
            // Delivery leaves a link marked so out of open and click tracking; only the mark counts,
            // so its value is dropped.
            .allowAttributes("data-notrack").matching((element, attribute, value) -> "").onElements("a")
            .allowAttributes("src").matching(HtmlSanitiser::imageSource).onElements("img")
            .allowAttributes("alt", "width", "height", "border", "hspace", "vspace", "valign").onElements("img")
            .allowAttributes("color", "face", "size").onElements("font")
            .allowAttributes("width", "size", "noshade", "color").onElements("hr")
            .allowAttributes("start", "type").onElements("ol")
            .allowAttributes("type").onElements("ul", "li")
            .allowUrlProtocols("http", "https", "mailto", "tel", "data")
            .allowStyling(CSS_SCHEMA)
            .allowUrlsInStyles((element, attribute, value) -> isHttpUrl(value) ? value : null)
            .toFactory();

    private static final HtmlChangeListener<Notes> LISTENER = new HtmlChangeListener<>() {
        @Override
        public void discardedTag(Notes notes, String element) {
            notes.add("removed " + article(element) + " <" + element + "> element");
        }

        @Override
        public void discardedAttributes(Notes notes, String element, String... attributes) {
            for (String attribute : attributes) {
                notes.add("removed " + article(attribute) + " " + attribute + " attribute from <" + element + ">");
            }
        }
    };

    private final Set<String> cssPropertyNames = cssProperties();
    private final CssSanitiser css = new CssSanitiser(cssPropertyNames);

    /** Sanitised HTML and plain-language notes on what was removed (empty when nothing was). */
    public record Result(String html, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }

        /** Whether sanitising changed nothing that matters to the author. */
        public boolean clean() {
            return notes.isEmpty();
        }
    }

    /**
     * Sanitises campaign HTML: a whole document stays a whole document, a fragment stays a fragment.
     *
     * @throws IllegalArgumentException when the HTML is longer than {@link #MAX_LENGTH} characters
     */
    public Result sanitise(String html) {
        if (html == null || html.isEmpty()) {
            return new Result("", List.of());
        }
        checkSize(html);
        Notes notes = new Notes();
        MergeTags.Protected protectedHtml = MergeTags.protect(html);
        MergeTags tags = protectedHtml.tags();
        Document doc = Jsoup.parse(protectedHtml.text());
        doc.outputSettings().prettyPrint(false);

        doc.forEachNode(node -> {
            if (node instanceof Comment comment && comment.getData().stripLeading().startsWith("[if")) {
                notes.add("removed a conditional comment (for Outlook or old Internet Explorer)");
            }
        });

        noteInlineStyles(doc, notes);
        List<String> sheets = new ArrayList<>();
        checkStyleSize(doc);
        for (Element style : doc.select("style")) {
            String sheet = css.sanitise(style.data(), notes);
            if (!sheet.isBlank()) {
                sheets.add(sheet);
            }
            style.remove();
        }

        StringBuilder out = new StringBuilder(html.length() + 256);
        if (isDocument(html)) {
            out.append("<!DOCTYPE html>\n<html").append(htmlAttributes(doc.selectFirst("html"))).append(">\n<head>\n");
            out.append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">\n");
            head(doc.head(), out, notes);
            for (String sheet : sheets) {
                out.append("<style type=\"text/css\">\n").append(sheet).append("</style>\n");
            }
            out.append("</head>\n");
            out.append(POLICY.sanitize(doc.body().outerHtml(), LISTENER, notes));
            out.append("\n</html>\n");
        } else {
            for (Element element : doc.head().children()) {
                notes.add("removed " + article(element.normalName()) + " <" + element.normalName() + "> element");
            }
            for (String sheet : sheets) {
                out.append("<style type=\"text/css\">\n").append(sheet).append("</style>\n");
            }
            out.append(POLICY.sanitize(doc.body().html(), LISTENER, notes));
        }

        boolean[] seen = new boolean[tags.size()];
        String restored = tags.restoreHtml(out.toString(), seen);
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                notes.add("removed the merge tag " + shorten(tags.tag(i)) + " from a place it cannot be used");
            }
        }
        return new Result(restored, notes.list());
    }

    /**
     * Refuses HTML beyond the size ceiling, or nested deeper than {@link #MAX_DEPTH} (counted in one
     * pass as start tags not yet closed, void elements aside), which would make parsing slow.
     *
     * @throws IllegalArgumentException with a message for the author
     */
    static void checkSize(String html) {
        if (html.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The HTML is too large: at most " + (MAX_LENGTH >> 10) + " KB are accepted.");
        }
        int depth = 0;
        int n = html.length();
        for (int i = 0; i < n - 1; i++) {
            if (html.charAt(i) != '<') {
                continue;
            }
            char next = html.charAt(i + 1);
            if (next == '/') {
                depth = Math.max(0, depth - 1);
            } else if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) {
                int end = i + 1;
                while (end < n && end - i < 12 && Character.isLetterOrDigit(html.charAt(end))) {
                    end++;
                }
                if (!VOID_ELEMENTS.contains(html.substring(i + 1, end).toLowerCase(Locale.ROOT)) && ++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("The HTML is nested too deeply: at most " + MAX_DEPTH + " levels are accepted.");
                }
            }
        }
    }

    /** @throws IllegalArgumentException when the style blocks hold more than {@link #MAX_STYLE_LENGTH} characters */
    static void checkStyleSize(Document doc) {
        long total = 0;
        for (Element style : doc.select("style")) {
            total += style.data().length();
        }
        if (total > MAX_STYLE_LENGTH) {
            throw new IllegalArgumentException("The style blocks are too large: at most " + (MAX_STYLE_LENGTH / 1000) + " KB of CSS are accepted.");
        }
    }

    /** Notes the inline CSS the OWASP policy will drop, which its change listener does not report. */
    private void noteInlineStyles(Document doc, Notes notes) {
        for (Element element : doc.body().select("[style]")) {
            for (String declaration : element.attr("style").split(";")) {
                int colon = declaration.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = declaration.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = declaration.substring(colon + 1).toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !cssPropertyNames.contains(name)) {
                    notes.add("removed the CSS property " + shorten(name) + " from a style attribute");
                } else if (value.contains("expression") || value.contains("script:")
                        || (value.contains("url(") && !CssSanitiser.safeValue("background", value.trim()))) {
                    notes.add("removed an unsafe value of the CSS property " + shorten(name) + " from a style attribute");
                }
            }
        }
    }

    /** Whether the HTML is a whole document rather than a fragment. */
    static boolean isDocument(String html) {
        String head = html.length() > 4096 ? html.substring(0, 4096) : html;
        String lower = head.toLowerCase(Locale.ROOT);
        return lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<head") || lower.contains("<body");
    }

    private static String htmlAttributes(Element html) {
        if (html == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        String lang = html.attr("lang");
        if (!lang.isEmpty() && lang.length() <= 35 && onlyChars(lang, "-")) {
            out.append(" lang=\"").append(lang).append('"');
        }
        String dir = html.attr("dir").toLowerCase(Locale.ROOT);
        if (dir.equals("ltr") || dir.equals("rtl") || dir.equals("auto")) {
            out.append(" dir=\"").append(dir).append('"');
        }
        return out.toString();
    }

    private static void head(Element head, StringBuilder out, Notes notes) {
        for (Element element : head.children()) {
            switch (element.normalName()) {
                case "title" -> out.append("<title>").append(escape(element.text())).append("</title>\n");
                case "meta" -> meta(element, out, notes);
                default -> notes.add("removed " + article(element.normalName()) + " <" + element.normalName() + "> element");
            }
        }
    }

    private static void meta(Element meta, StringBuilder out, Notes notes) {
        String name = meta.attr("name").toLowerCase(Locale.ROOT);
        String httpEquiv = meta.attr("http-equiv").toLowerCase(Locale.ROOT);
        String content = meta.attr("content");
        if (meta.hasAttr("charset") || httpEquiv.equals("content-type")) {
            return; // the head always declares UTF-8
        }
        if (META_NAMES.contains(name) && content.length() <= 500 && onlyChars(content, " =,.;:-_'")) {
            out.append("<meta name=\"").append(name).append("\" content=\"").append(escape(content)).append("\">\n");
        } else if (httpEquiv.equals("x-ua-compatible") && content.length() <= 50 && onlyChars(content, "=,.;:- ")) {
            out.append("<meta http-equiv=\"X-UA-Compatible\" content=\"").append(escape(content)).append("\">\n");
        } else if (!httpEquiv.isEmpty()) {
            notes.add("removed a <meta http-equiv=\"" + shorten(httpEquiv) + "\"> element");
        } else {
            notes.add("removed a <meta> element");
        }
    }

    /** Links: http(s), mailto, tel, an in-page anchor, or a merge tag in front. */
    static String linkUrl(String element, String attribute, String value) {
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (isHttpUrl(v) || lower.startsWith("mailto:") || lower.startsWith("tel:") || startsWithPlaceholder(v)
                || (v.startsWith("#") && v.length() > 1 && onlyChars(v.substring(1), "-_.:"))) {
            return v;
        }
        return null;
    }

    /** Image sources: http(s), a merge tag in front, or a base64 PNG, GIF, JPEG or WebP image. */
    static String imageSource(String element, String attribute, String value) {
        String v = value.trim();
        if (isHttpUrl(v) || startsWithPlaceholder(v) || isDataImage(v)) {
            return v;
        }
        return null;
    }

    /** Background images: http(s) or a merge tag in front. */
    static String imageUrl(String element, String attribute, String value) {
        String v = value.trim();
        return isHttpUrl(v) || startsWithPlaceholder(v) ? v : null;
    }

    static boolean isHttpUrl(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") && lower.length() > 8) || (lower.startsWith("http://") && lower.length() > 7);
    }

    private static boolean isDataImage(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int comma = lower.indexOf(',');
        if (comma < 0) {
            return false;
        }
        String header = lower.substring(0, comma);
        if (!Set.of("data:image/png;base64", "data:image/gif;base64", "data:image/jpeg;base64", "data:image/webp;base64")
                .contains(header)) {
            return false;
        }
        for (int i = comma + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
            if (!base64) {
                return false;
            }
        }
        return value.length() > comma + 1;
    }

    /** Whether the value starts with a merge-tag placeholder ({@code nmtag<hex>n<digits>x}). */
    private static boolean startsWithPlaceholder(String value) {
        if (!value.startsWith("nmtag") || value.length() < 18) {
            return false;
        }
        for (int i = 5; i < 15; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        if (value.charAt(15) != 'n') {
            return false;
        }
        int i = 16;
        while (i < value.length() && Character.isDigit(value.charAt(i))) {
            i++;
        }
        return i > 16 && i < value.length() && value.charAt(i) == 'x';
    }

    private static boolean onlyChars(String value, String extra) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String article(String word) {
        return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** The CSS property names allowed in style attributes, for {@code <style>} blocks too. */
    static Set<String> cssProperties() {
        Set<String> names = new TreeSet<>();
        for (String name : CSS_SCHEMA.allowedProperties()) {
            if (!name.endsWith("()")) {
                names.add(name);
            }
        }
        return new LinkedHashSet<>(names);
    }
}
