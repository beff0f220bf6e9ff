package io.neuromail.campaigns.internal.content;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.htmlunit.cssparser.dom.AbstractCSSRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleDeclarationImpl;
import org.htmlunit.cssparser.dom.CSSStyleRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleSheetImpl;
import org.htmlunit.cssparser.dom.Property;
import org.htmlunit.cssparser.parser.CSSErrorHandler;
import org.htmlunit.cssparser.parser.CSSException;
import org.htmlunit.cssparser.parser.CSSOMParser;
import org.htmlunit.cssparser.parser.CSSParseException;
import org.htmlunit.cssparser.parser.InputSource;
import org.htmlunit.cssparser.parser.selector.Selector;
import org.htmlunit.cssparser.parser.selector.SelectorSpecificity;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Copies the rules of {@code <style>} blocks into the {@code style} attributes of the elements they
 * match, for clients that ignore style blocks. The cascade is followed: a more specific selector
 * wins, then the later rule; declarations already in a {@code style} attribute win over the style
 * sheet unless the sheet's declaration is {@code !important} (and the attribute's is not). Inlined
 * declarations are written without {@code !important}, so a {@code @media} rule marked
 * {@code !important} can still override them on small screens.
 *
 * <p>{@code @media} blocks, rules with pseudo-classes or pseudo-elements ({@code a:hover}), other
 * at-rules and selectors jsoup cannot evaluate stay in the style block; every other rule is removed
 * from it once inlined, and an emptied block is removed. Merge tags pass unchanged.
 *
 * <p>Thread-safe. Input is limited to {@link HtmlSanitiser#MAX_LENGTH} characters, and to
 * {@link #MAX_WORK} element-selector checks.
 */
public final class CssInliner {

    /** Most selector evaluations (selectors times elements) one document may need. */
    public static final long MAX_WORK = 20_000_000L;

    /** A declaration that applies to an element, with what decides between competing ones. */
    private record Applied(String value, boolean important, SelectorSpecificity specificity, int order) {

        boolean beats(Applied other) {
            if (important != other.important) {
                return important;
            }
            int bySpecificity = specificity.compareTo(other.specificity);
            if (bySpecificity != 0) {
                return bySpecificity > 0;
            }
            return order > other.order;
        }
    }

    /**
     * The HTML with style rules inlined.
     *
     * @throws IllegalArgumentException when the HTML is too large, or its style sheet too large for
     *         the number of elements to inline
     */
    public String inline(String html) {
        if (html == null || html.isEmpty()) {
            return html == null ? "" : html;
        }
        HtmlSanitiser.checkSize(html);
        MergeTags.Protected protectedHtml = MergeTags.protect(html);
        Document doc = Jsoup.parse(protectedHtml.text());
        doc.outputSettings().prettyPrint(false);

        Elements styles = doc.select("style");
        if (styles.isEmpty()) {
            return html;
        }
        HtmlSanitiser.checkStyleSize(doc);
        long elements = doc.getAllElements().size();
        Map<Element, Map<String, Applied>> applied = new IdentityHashMap<>();
        List<Element> order = new ArrayList<>();
        int[] ruleOrder = {0};
        long work = 0;
        for (Element style : styles) {
            if (CssSanitiser.nesting(style.data()) > CssSanitiser.MAX_NESTING) {
                continue;
            }
            CSSStyleSheetImpl sheet = parse(style.data());
            if (sheet == null) {
                continue;
            }
            StringBuilder kept = new StringBuilder();
            for (AbstractCSSRuleImpl rule : sheet.getCssRules().getRules()) {
                if (!(rule instanceof CSSStyleRuleImpl styleRule)) {
                    kept.append(CssSanitiser.plainSelector(rule.getCssText())).append('\n');
                    continue;
                }
                List<String> notInlined = new ArrayList<>();
                for (Selector selector : styleRule.getSelectors()) {
                    String text = CssSanitiser.plainSelector(selector.toString());
                    if (!inlinable(text)) {
                        notInlined.add(text);
                        continue;
                    }
                    work += elements;
                    if (work > MAX_WORK) {
                        throw new IllegalArgumentException("The style sheet is too large to inline into this much HTML.");
                    }
                    Elements matched;
                    try {
                        matched = doc.select(text);
                    } catch (org.jsoup.select.Selector.SelectorParseException e) {
                        notInlined.add(text);
                        continue;
                    }
                    int position = ruleOrder[0]++;
                    for (Element element : matched) {
                        Map<String, Applied> declarations = applied.get(element);
                        if (declarations == null) {
                            declarations = new LinkedHashMap<>();
                            applied.put(element, declarations);
                            order.add(element);
                        }
                        for (Property property : styleRule.getStyle().getProperties()) {
                            if (property.getValue() == null) {
                                continue;
                            }
                            String name = property.getName().toLowerCase(Locale.ROOT);
                            Applied candidate = new Applied(property.getValue().getCssText(), property.isImportant(),
                                    selector.getSelectorSpecificity(), position);
                            Applied current = declarations.get(name);
                            if (current == null || candidate.beats(current)) {
                                declarations.remove(name);
                                declarations.put(name, candidate);
                            }
                        }
                    }
                }
                if (!notInlined.isEmpty()) {
                    kept.append(String.join(", ", notInlined)).append(" { ").append(styleRule.getStyle().getCssText()).append(" }\n");
                }
            }
            if (kept.length() == 0) {
                style.remove();
            } else {
                style.text("");
                style.appendChild(new org.jsoup.nodes.DataNode("\n" + kept));
            }
        }
        for (Element element : order) {
            element.attr("style", merge(applied.get(element), element.attr("style")));
        }
        String out;
        if (HtmlSanitiser.isDocument(html)) {
            out = doc.outerHtml();
        } else {
            StringBuilder fragment = new StringBuilder();
            for (Element style : doc.head().select("style")) {
                fragment.append(style.outerHtml()).append('\n');
            }
            out = fragment.append(doc.body().html()).toString();
        }
        return protectedHtml.tags().restoreHtml(out, null);
    }

    /** Declarations from the sheet, then the element's own; an important sheet declaration replaces an ordinary own one. */
    private static String merge(Map<String, Applied> fromSheet, String own) {
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, Boolean> ownImportant = new LinkedHashMap<>();
        Map<String, String> ownValues = new LinkedHashMap<>();
        if (!own.isBlank()) {
            CSSStyleDeclarationImpl declaration = parseDeclaration(own);
            if (declaration == null) {
                return own;
            }
            for (Property property : declaration.getProperties()) {
                if (property.getValue() != null) {
                    String name = property.getName().toLowerCase(Locale.ROOT);
                    ownValues.put(name, property.getValue().getCssText());
                    ownImportant.put(name, property.isImportant());
                }
            }
        }
        List<Map.Entry<String, Applied>> sheetOrder = new ArrayList<>(fromSheet.entrySet());
        // the cascade's winner last, so that a shorthand never undoes a longhand that beat it
        sheetOrder.sort((a, b) -> a.getValue().beats(b.getValue()) ? 1 : b.getValue().beats(a.getValue()) ? -1 : 0);
        for (Map.Entry<String, Applied> entry : sheetOrder) {
            String name = entry.getKey();
            Applied sheet = entry.getValue();
            if (!ownValues.containsKey(name)) {
                result.put(name, sheet.value());
            } else if (sheet.important() && !ownImportant.get(name)) {
                result.put(name, sheet.value());
                ownValues.remove(name);
            }
        }
        for (Map.Entry<String, String> entry : ownValues.entrySet()) {
            result.put(entry.getKey(), entry.getValue() + (ownImportant.get(entry.getKey()) ? " !important" : ""));
        }
        StringBuilder out = new StringBuilder();
        result.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(name).append(": ").append(value).append(';');
        });
        return out.toString();
    }

    /** Rules with pseudo-classes or pseudo-elements cannot be written into an attribute. */
    private static boolean inlinable(String selector) {
        char quote = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * The parser recovers from what it cannot read by skipping that rule or declaration; the
     * inliner keeps going with the rest, so its diagnostics are not needed.
     */
    private static final CSSErrorHandler LENIENT = new CSSErrorHandler() {
        @Override
        public void warning(CSSParseException e) throws CSSException {
            // recovered by the parser
        }

        @Override
        public void error(CSSParseException e) throws CSSException {
            // recovered by the parser
        }

        @Override
        public void fatalError(CSSParseException e) throws CSSException {
            // recovered by the parser
        }
    };

    private static CSSOMParser parser() {
        CSSOMParser parser = new CSSOMParser();
        parser.setErrorHandler(LENIENT);
        return parser;
    }

    private static CSSStyleSheetImpl parse(String css) {
        try {
            return parser().parseStyleSheet(new InputSource(new StringReader(css)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CSSStyleDeclarationImpl parseDeclaration(String style) {
        if (CssSanitiser.nesting(style) > CssSanitiser.MAX_NESTING) {
            return null;
        }
        try {
            return parser().parseStyleDeclaration(style);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
