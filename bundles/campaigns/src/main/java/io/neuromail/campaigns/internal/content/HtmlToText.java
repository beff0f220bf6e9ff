package io.neuromail.campaigns.internal.content;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The plain-text part of a campaign, written from its HTML: headings and paragraphs separated by
 * blank lines, line breaks kept, list items as {@code - item} (numbered in ordered lists), links as
 * {@code text (url)} unless the text is the address, images as their alt text, table rows on their
 * own lines, hidden elements (the preheader) left out, whitespace collapsed and lines wrapped near
 * {@link #WIDTH} characters without breaking a word or an address. Merge tags stay as they are, in
 * the text and as link addresses.
 *
 * <p>Thread-safe. Input is limited to {@link HtmlSanitiser#MAX_LENGTH} characters.
 */
public final class HtmlToText {

    /** Preferred line length. */
    public static final int WIDTH = 76;

    private static final Set<String> SKIPPED = Set.of("head", "style", "script", "title", "noscript", "template");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "pre", "table", "ul", "ol", "dl", "address", "figure");
    private static final Set<String> BLOCKS = Set.of("div", "section", "article", "header", "footer", "main", "nav",
            "tr", "li", "dt", "dd", "caption", "center", "figcaption", "tbody", "thead", "tfoot");

    /**
     * The text of the HTML.
     *
     * @throws IllegalArgumentException when the HTML is longer than {@link HtmlSanitiser#MAX_LENGTH}
     */
    public String toText(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        HtmlSanitiser.checkSize(html);
        MergeTags.Protected protectedHtml = MergeTags.protect(html);
        Document doc = Jsoup.parse(protectedHtml.text());
        Writer writer = new Writer(protectedHtml.tags());
        NodeTraversor.filter(writer, doc.body());
        String text = atMostOneEmptyLine(wrap(writer.text(), WIDTH));
        return protectedHtml.tags().restorePlain(text, null);
    }

    /** Walks the tree without recursion, so deep nesting costs no stack. */
    private static final class Writer implements NodeFilter {

        private final MergeTags tags;
        private final StringBuilder out = new StringBuilder();
        /** Blank lines wanted before the next text: 0 none, 1 a line break, 2 an empty line. */
        private int breaks;
        private boolean space;
        private final Deque<int[]> lists = new ArrayDeque<>();

        Writer(MergeTags tags) {
            this.tags = tags;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                words(text.getWholeText());
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String name = element.normalName();
            if (SKIPPED.contains(name) || hidden(element)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            switch (name) {
                case "br" -> lineBreak(1, true);
                case "hr" -> {
                    lineBreak(2, false);
                    literal("----------");
                    lineBreak(2, false);
                }
                case "img" -> {
                    String alt = element.attr("alt").trim();
                    if (!alt.isEmpty()) {
                        words(alt);
                    }
                }
                case "ul", "ol" -> {
                    lineBreak(lists.isEmpty() ? 2 : 1, false);
                    lists.push(new int[] {name.equals("ol") ? 1 : 0});
                }
                case "li" -> {
                    lineBreak(1, false);
                    int[] list = lists.peek();
                    String indent = "  ".repeat(Math.max(0, lists.size() - 1));
                    if (list != null && list[0] > 0) {
                        literal(indent + list[0]++ + ". ");
                    } else {
                        literal(indent + "- ");
                    }
                }
                case "td", "th" -> space = true;
                default -> {
                    if (PARAGRAPHS.contains(name)) {
                        lineBreak(2, false);
                    } else if (BLOCKS.contains(name)) {
                        lineBreak(1, false);
                    }
                }
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String name = element.normalName();
            if (name.equals("a")) {
                link(element);
            } else if (name.equals("ul") || name.equals("ol")) {
                lists.poll();
                lineBreak(lists.isEmpty() ? 2 : 1, false);
            } else if (PARAGRAPHS.contains(name)) {
                lineBreak(2, false);
            } else if (BLOCKS.contains(name)) {
                lineBreak(1, false);
            } else if (name.equals("td") || name.equals("th")) {
                space = true;
            }
            return FilterResult.CONTINUE;
        }

        private void link(Element a) {
            String href = a.attr("href").trim();
            if (href.isEmpty() || href.startsWith("#")) {
                return;
            }
            String text = collapse(a.text());
            String shown = href.regionMatches(true, 0, "mailto:", 0, 7) ? href.substring(7) : href;
            if (text.isEmpty()) {
                String alt = a.select("img[alt]").isEmpty() ? "" : a.selectFirst("img[alt]").attr("alt").trim();
                if (alt.isEmpty()) {
                    words(href);
                    return;
                }
            }
            if (!text.equalsIgnoreCase(href) && !text.equalsIgnoreCase(shown)) {
                space = true;
                literal("(" + href + ")");
            }
        }

        private static boolean hidden(Element element) {
            if (element.hasAttr("hidden") || element.attr("aria-hidden").equalsIgnoreCase("true") && element.text().isBlank()) {
                return true;
            }
            String style = element.attr("style");
            if (!style.isEmpty()) {
                String s = style.toLowerCase(Locale.ROOT).replace(" ", "");
                if (s.contains("display:none") || s.contains("mso-hide:all") || s.contains("visibility:hidden")) {
                    return true;
                }
            }
            return element.classNames().stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).contains("preheader"));
        }

        private void words(String raw) {
            int i = 0;
            int n = raw.length();
            while (i < n) {
                char c = raw.charAt(i);
                if (isSpace(c)) {
                    space = true;
                    i++;
                    continue;
                }
                if (isInvisible(c)) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && !isSpace(raw.charAt(i))) {
                    i++;
                }
                StringBuilder word = new StringBuilder(i - start);
                for (int j = start; j < i; j++) {
                    if (!isInvisible(raw.charAt(j))) {
                        word.append(raw.charAt(j));
                    }
                }
                if (word.length() > 0) {
                    literal(word.toString());
                }
            }
        }

        /** Appends text as it is, after any pending line breaks or space. */
        private void literal(String text) {
            if (breaks > 0 && out.length() > 0) {
                out.append(breaks >= 2 ? "\n\n" : "\n");
            } else if (space && out.length() > 0 && out.charAt(out.length() - 1) != '\n'
                    && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
            breaks = 0;
            space = false;
            out.append(text);
        }

        /** Asks for a line break (1) or an empty line (2) before the next text; {@code hard} keeps repeated {@code <br>}. */
        private void lineBreak(int count, boolean hard) {
            if (hard && breaks >= 1 && out.length() > 0) {
                out.append('\n');
            }
            breaks = Math.max(breaks, count);
            space = false;
        }

        String text() {
            return out.toString();
        }

        private static String collapse(String text) {
            StringBuilder out = new StringBuilder(text.length());
            boolean pending = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (isSpace(c)) {
                    pending = out.length() > 0;
                } else if (!isInvisible(c)) {
                    if (pending) {
                        out.append(' ');
                        pending = false;
                    }
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }

    /** Zero-width and filler characters that preheaders use to pad. */
    private static boolean isInvisible(char c) {
        return c == '\u200b' || c == '\u200c' || c == '\u200d' || c == '\u2060' || c == '\ufeff' || c == '\u034f' || c == '\u00ad';
    }

    /** Runs of empty lines (from repeated {@code <br>}) become one empty line. */
    static String atMostOneEmptyLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            newlines = c == '\n' ? newlines + 1 : 0;
            if (newlines <= 2) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Wraps each line at spaces so that it stays near {@code width}; a longer word stays whole on its own line. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / width + 1);
        int lineStart = 0;
        int n = text.length();
        while (lineStart <= n) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            wrapLine(text, lineStart, lineEnd, width, out);
            if (lineEnd < n) {
                out.append('\n');
            }
            lineStart = lineEnd + 1;
        }
        return out.toString().strip();
    }

    private static void wrapLine(String text, int start, int end, int width, StringBuilder out) {
        int column = 0;
        int i = start;
        while (i < end) {
            int wordEnd = i;
            while (wordEnd < end && text.charAt(wordEnd) != ' ') {
                wordEnd++;
            }
            int length = wordEnd - i;
            if (length > 0) {
                if (column > 0 && column + 1 + length > width) {
                    out.append('\n');
                    column = 0;
                } else if (column > 0) {
                    out.append(' ');
                    column++;
                }
                out.append(text, i, wordEnd);
                column += length;
            }
            i = wordEnd + 1;
        }
    }
}
