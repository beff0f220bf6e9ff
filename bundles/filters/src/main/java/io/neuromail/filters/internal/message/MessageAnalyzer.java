package io.neuromail.filters.internal.message;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Form;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Part;

/**
 * Builds the {@link Message} every filter sees, once per check: parses the HTML part once (jsoup
 * decodes its entities), separates what a reader sees from text hidden by inline styles, and
 * collects links, forms and images. Without HTML, the text part is the visible text and its bare
 * addresses are its links.
 */
public final class MessageAnalyzer {

    private static final Pattern BARE_URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"')\\]]+");
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6",
            "table", "section", "article", "header", "footer", "blockquote", "hr");

    private MessageAnalyzer() {
    }

    /** Analyses a message as composed. */
    public static Message analyze(Email email) {
        if (email.html() == null || email.html().isBlank()) {
            String text = email.text() == null ? "" : email.text();
            return new Message(email, text, "", bareLinks(text), List.of(), 0);
        }
        Document document = Jsoup.parse(email.html());
        Collector collector = new Collector();
        NodeTraversor.traverse(collector, document.body() == null ? document : document.body());
        List<Link> links = new ArrayList<>(collector.links);
        if (email.text() != null) {
            links.addAll(bareLinks(email.text()));
        }
        return new Message(email, collector.visible.toString(), collector.hidden.toString(), links,
                collector.forms, collector.images);
    }

    /** The host of a URL in lower case, or {@code ""}; tolerant of what mail contains. */
    public static String host(String url) {
        String candidate = url.strip();
        if (candidate.regionMatches(true, 0, "www.", 0, 4)) {
            candidate = "http://" + candidate;
        }
        if (candidate.startsWith("//")) {
            candidate = "http:" + candidate;
        }
        try {
            String host = URI.create(candidate.replace(" ", "%20")).getHost();
            if (host != null) {
                return host.toLowerCase(Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // not a well-formed URI: take the authority by hand below
        }
        int scheme = candidate.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        String rest = candidate.substring(scheme + 3);
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        authority = at >= 0 ? authority.substring(at + 1) : authority;
        int colon = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
        authority = colon > 0 && colon < authority.length() && authority.charAt(colon) == ':' ? authority.substring(0, colon) : authority;
        return authority.toLowerCase(Locale.ROOT);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Link> bareLinks(String text) {
        List<Link> links = new ArrayList<>();
        Matcher m = BARE_URL.matcher(text);
        while (m.find()) {
            String url = withoutTrailingPunctuation(m.group());
            links.add(new Link(url, host(url), "", Part.BODY));
        }
        return links;
    }

    /** A sentence's full stop or comma after an address is not part of it. A loop: a regular expression anchored at the end backtracks over every run of dots. */
    static String withoutTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    /** One walk over the body: visible and hidden text, links, forms, images. */
    private static final class Collector implements NodeVisitor {
        final StringBuilder visible = new StringBuilder();
        final StringBuilder hidden = new StringBuilder();
        final List<Link> links = new ArrayList<>();
        final List<Form> forms = new ArrayList<>();
        int images;
        private int hiddenDepth = -1;
        /** Forms open around the current node: counted on the way down, so no input asks its ancestors (deep nesting made that quadratic). */
        private int openForms;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                (hiddenDepth >= 0 ? hidden : visible).append(text.getWholeText());
                return;
            }
            if (!(node instanceof Element element)) {
                return;
            }
            String tag = element.normalName();
            if (hiddenDepth < 0 && (isSkipped(tag) || InlineStyle.hides(element))) {
                hiddenDepth = depth;
            }
            if (BLOCKS.contains(tag)) {
                (hiddenDepth >= 0 ? hidden : visible).append(' ');
            }
            switch (tag) {
                case "a", "area" -> {
                    if (element.hasAttr("href")) {
                        String href = element.attr("href").strip();
                        links.add(new Link(href, host(href), element.text(), Part.HTML));
                    }
                }
                case "img" -> {
                    if (hiddenDepth < 0) {
                        images++;
                        visible.append(' ');
                    }
                }
                case "form" -> {
                    openForms++;
                    String action = element.attr("action").strip();
                    forms.add(new Form(action, element.select("input,textarea,select").size(),
                            element.select("input[type=password]").size()));
                    if (!action.isEmpty()) {
                        links.add(new Link(action, host(action), "", Part.HTML));
                    }
                }
                case "input" -> {
                    if (openForms == 0) {
                        forms.add(new Form("", 1, "password".equalsIgnoreCase(element.attr("type")) ? 1 : 0));
                    }
                }
                default -> {
                    // other elements contribute only their text
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                if (element.normalName().equals("form")) {
                    openForms--;
                }
                if (hiddenDepth == depth) {
                    hidden.append(' ');
                    hiddenDepth = -1;
                }
                if (BLOCKS.contains(element.normalName())) {
                    visible.append(' ');
                }
            }
        }

        private static boolean isSkipped(String tag) {
            return tag.equals("script") || tag.equals("style") || tag.equals("template") || tag.equals("noscript")
                    || tag.equals("title") || tag.equals("head");
        }
    }
}
