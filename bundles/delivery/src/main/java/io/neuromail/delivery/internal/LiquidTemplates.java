package io.neuromail.delivery.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.neuromail.delivery.api.MessageTemplates;
import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.exceptions.VariableNotExistException;
import liqp.filters.Filter;
import liqp.filters.Filters;
import liqp.nodes.LNode;
import liqp.parser.Flavor;
import liqp.parser.v4.NodeVisitor;
import liqp.tags.Tag;

/**
 * Liquid templates of marketing messages on Liqp, sandboxed: values are converted to maps, lists,
 * strings, numbers and booleans before a template sees them; {@code include} and
 * {@code include_relative} and the file name resolver refuse; loops, output, every filter's result and
 * template size are capped; and a render has a deadline that every filter call checks on the rendering
 * thread (no thread per render), so a slow template stops rather than running on.
 */
@Component(service = {MessageTemplates.class, LiquidTemplates.class})
public final class LiquidTemplates implements MessageTemplates {

    /** Loop iterations of one render, all loops together. */
    static final int MAX_ITERATIONS = 20_000;
    /** Characters of one rendered part, and of any one value a filter makes. */
    static final int MAX_RENDERED_CHARS = 2 * 1024 * 1024;
    /** Elements of any one list a filter makes. */
    static final int MAX_LIST = 20_000;
    /** Time of one render for a check or a preview. */
    static final long PREVIEW_MILLIS = 2_000;
    /** Time of one recipient's render at hand-off: generous, it only stops a runaway. */
    static final long HAND_OFF_MILLIS = 5_000;
    /** How many unknown names one part reports at most. */
    private static final int MAX_UNKNOWN = 50;
    private static final int CACHED = 256;

    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    static {
        // Liqp finds its date type support once, through the service loader of the context class
        // loader; in OSGi that must be this bundle's, which carries Liqp's service file.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LiquidTemplates.class.getClassLoader());
        try {
            liqp.spi.SPIHelper.applyCustomDateTypes();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private final TemplateParser parser = parser(false);
    private final TemplateParser strict = parser(true);
    /** Compiled templates by part and source; a send's parts are the same strings for all its rows. */
    private final Map<Key, Compiled> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Compiled> eldest) {
            return size() > CACHED;
        }
    };

    /** A cache key; a part's source is one string instance for all rows of a send, so its hash is computed once. */
    private record Key(String part, String source) {
    }

    @Override
    public List<Problem> check(Content content, Set<String> knownNames) {
        List<Problem> problems = new ArrayList<>();
        if (content == null || content.subject() == null || content.subject().isBlank()) {
            problems.add(new Problem("subject", 0, 0, "a subject is required"));
        }
        if (content == null) {
            return problems;
        }
        Map<String, String> parts = parts(content);
        for (Map.Entry<String, String> part : parts.entrySet()) {
            checkPart(part.getKey(), part.getValue(), knownNames == null ? Set.of() : knownNames, problems);
        }
        return problems;
    }

    private void checkPart(String part, String source, Set<String> knownNames, List<Problem> problems) {
        if (source.length() > MAX_TEMPLATE_CHARS) {
            problems.add(new Problem(part, 0, 0, "the template has " + source.length() + " characters; at most "
                    + MAX_TEMPLATE_CHARS + " are allowed"));
            return;
        }
        Compiled template;
        try {
            template = Compiled.of(strict, source);
        } catch (LiquidException e) {
            problems.add(new Problem(part, e.line, e.charPositionInLine + 1, oneLine(e.getMessage())));
            return;
        } catch (RuntimeException e) {
            LiquidException positioned = find(e, LiquidException.class);
            problems.add(positioned != null
                    ? new Problem(part, positioned.line, positioned.charPositionInLine + 1, oneLine(positioned.getMessage()))
                    : new Problem(part, 0, 0, oneLine(message(e))));
            return;
        }
        // Strict variables stop at the first unknown name: each one found is reported and then given a
        // value, until the template renders. Names only in branches not taken with empty values are not seen.
        Map<String, Object> values = new HashMap<>();
        knownNames.forEach(name -> putValue(values, name, ""));
        for (int found = 0; found <= MAX_UNKNOWN; found++) {
            try {
                renderGuarded(template, values, PREVIEW_MILLIS);
                return;
            } catch (RuntimeException e) {
                VariableNotExistException unknown = find(e, VariableNotExistException.class);
                if (unknown == null || values.containsKey(unknown.getVariableName())) {
                    problems.add(new Problem(part, 0, 0, oneLine(message(e))));
                    return;
                }
                int[] at = position(source, unknown.getVariableName());
                problems.add(new Problem(part, at[0], at[1], "unknown value '" + unknown.getVariableName()
                        + "': no merge field, attribute or standard value has this name"));
                values.put(unknown.getVariableName(), "");
            }
        }
    }

    /**
     * Puts {@code value} under {@code name} in Liquid's values: a dotted name ({@code order.total}) is
     * an object's property, so {@code {{ order.total }}} finds it. Where a name is already taken by a
     * plain value, the first one stays.
     */
    @SuppressWarnings("unchecked")
    static void putValue(Map<String, Object> values, String name, Object value) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            values.putIfAbsent(name, value);
            return;
        }
        Object inner = values.computeIfAbsent(name.substring(0, dot), k -> new HashMap<String, Object>());
        if (inner instanceof Map) {
            putValue((Map<String, Object>) inner, name.substring(dot + 1), value);
        }
    }

    @Override
    public Content render(Content content, Map<String, Object> values) {
        return render(content, values, PREVIEW_MILLIS);
    }

    /**
     * Renders the parts of a marketing message for one recipient: subject and preheader on one line,
     * values raw in the text and HTML-escaped in the HTML, the unsubscribe footer added where the body
     * does not place {@code unsubscribe_url} itself, the preheader as hidden preview text at the start
     * of the HTML body.
     *
     * @throws IllegalArgumentException naming the part, when a template cannot be rendered
     */
    Content render(Content content, Map<String, Object> values, long maxMillis) {
        Map<String, Object> raw = plain(values == null ? Map.of() : values, Encoding.RAW);
        Map<String, Object> line = plain(values == null ? Map.of() : values, Encoding.LINE);
        String subject = flatten(renderPart("subject", content.subject(), line, maxMillis));
        String preheader = content.preheader() == null ? null
                : flatten(renderPart("preheader", content.preheader(), line, maxMillis));
        // Nobody's message (a public web version) has no unsubscribe link to show: no footer then.
        Object link = values == null ? null : values.get(MessageBuilder.UNSUBSCRIBE_TAG);
        boolean footer = link != null && !String.valueOf(link).isBlank();
        String text = content.text() == null ? null
                : renderPart("text", footer ? UnsubscribeFooter.text(content.text()) : content.text(), raw, maxMillis);
        String html = null;
        if (content.html() != null) {
            html = renderPart("html", footer ? UnsubscribeFooter.html(content.html()) : content.html(),
                    plain(values == null ? Map.of() : values, Encoding.HTML), maxMillis);
            if (preheader != null && !preheader.isBlank()) {
                html = withPreheader(html, preheader);
            }
        }
        return new Content(subject, preheader, html, text);
    }

    private String renderPart(String part, String source, Map<String, Object> values, long maxMillis) {
        if (source == null) {
            return null;
        }
        if (source.length() > MAX_TEMPLATE_CHARS + 1024) {
            throw new IllegalArgumentException(part + ": the template has more than " + MAX_TEMPLATE_CHARS
                    + " characters");
        }
        try {
            return renderGuarded(parsed(part, source), values, maxMillis);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(part + ": " + oneLine(message(e)), e);
        }
    }

    private Compiled parsed(String part, String source) {
        Key key = new Key(part, source);
        synchronized (cache) {
            Compiled t = cache.get(key);
            if (t != null) {
                return t;
            }
        }
        Compiled t = Compiled.of(parser, source);
        synchronized (cache) {
            cache.putIfAbsent(key, t);
            return cache.get(key);
        }
    }

    /** How many parsed templates are kept (tests). */
    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Renders with a deadline on this thread. */
    private static String renderGuarded(Compiled template, Map<String, Object> values, long maxMillis) {
        long[] previous = DEADLINE.get();
        DEADLINE.set(new long[] {System.nanoTime() + maxMillis * 1_000_000L, maxMillis});
        try {
            return template.render(values);
        } catch (StackOverflowError e) {
            throw new TemplateLimit("the template nests too deeply");
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /**
     * A template parsed, and its node tree built, once. Liqp's own {@code Template} rebuilds the node
     * tree from the parse tree at every render (most of a render's time for a long HTML body) and keeps
     * the render's context in a field; here each render has a context of its own and the immutable tree
     * is shared, so the rows of one send render side by side.
     */
    private record Compiled(TemplateParser parser, LNode root) {

        static Compiled of(TemplateParser parser, String source) {
            Template template = parser.parse(source);
            LNode root = new NodeVisitor(parser.insertions, parser.filters, parser.liquidStyleInclude)
                    .visit(template.getParseTree());
            return new Compiled(parser, root);
        }

        String render(Map<String, Object> values) {
            // What Template.renderToObjectUnguarded does at each render, minus rebuilding the tree.
            liqp.spi.BasicTypesSupport.clearReferences();
            TemplateContext context = new TemplateContext(parser, parser.evaluate(parser.mapper, values));
            java.util.function.Consumer<Map<String, Object>> environment = parser.getEnvironmentMapConfigurator();
            if (environment != null) {
                environment.accept(context.getEnvironmentMap());
            }
            Object rendered = root.render(context);
            return String.valueOf(parser.getRenderTransformer().transformObject(context, rendered));
        }
    }

    private static TemplateParser parser(boolean strictVariables) {
        TemplateParser.Builder b = new TemplateParser.Builder()
                .withFlavor(Flavor.LIQUID)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withStrictVariables(strictVariables)
                .withShowExceptionsFromInclude(true)
                .withEvaluateMode(TemplateParser.EvaluateMode.LAZY)
                .withLocale(Locale.ROOT)
                .withDefaultTimeZone(java.time.ZoneOffset.UTC)
                .withNameResolver(name -> {
                    throw new java.io.IOException("templates cannot read other templates or files");
                })
                .withTag(new Refused("include"))
                .withTag(new Refused("include_relative"))
                .withMaxIterations(MAX_ITERATIONS)
                .withMaxSizeRenderedString(MAX_RENDERED_CHARS)
                .withMaxTemplateSizeBytes(4L * (MAX_TEMPLATE_CHARS + 1024));
        for (Filter f : Filters.DEFAULT_FILTERS.values()) {
            b.withFilter(new Guarded(f));
        }
        return b.build();
    }

    /** A tag that templates may not use. */
    private static final class Refused extends Tag {
        Refused(String name) {
            super(name);
        }

        @Override
        public Object render(TemplateContext context, LNode... nodes) {
            throw new TemplateLimit("the tag '" + name + "' is not allowed: templates cannot read other templates or files");
        }
    }

    /** A built-in filter whose result is capped in size and whose calls check the render's deadline. */
    private static final class Guarded extends Filter {
        private final Filter filter;

        Guarded(Filter filter) {
            super(filter.name);
            this.filter = filter;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            checkDeadline();
            Object result = filter.apply(value, context, params);
            if (result instanceof CharSequence s && s.length() > MAX_RENDERED_CHARS) {
                throw new TemplateLimit("the filter '" + name + "' made a value longer than " + MAX_RENDERED_CHARS
                        + " characters");
            }
            if (result instanceof Collection<?> c && c.size() > MAX_LIST
                    || result instanceof Object[] a && a.length > MAX_LIST) {
                throw new TemplateLimit("the filter '" + name + "' made a list longer than " + MAX_LIST);
            }
            return result;
        }
    }

    private static void checkDeadline() {
        long[] deadline = DEADLINE.get();
        if (deadline != null && System.nanoTime() - deadline[0] > 0) {
            throw new TemplateLimit("the template took longer than " + deadline[1] + " ms to render");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new TemplateLimit("rendering was interrupted");
        }
    }

    /** A limit of the sandbox was reached. */
    static final class TemplateLimit extends RuntimeException {
        TemplateLimit(String message) {
            super(message, null, false, false);
        }
    }

    // --- values

    private enum Encoding { RAW, LINE, HTML }

    /**
     * The values as a template may see them: maps with string keys, lists, strings, numbers and
     * booleans only; dates become ISO text; anything else becomes its text. Strings are escaped for
     * HTML or flattened to one line as the part needs.
     */
    private static Map<String, Object> plain(Map<String, ?> values, Encoding encoding) {
        Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            Object p = plainValue(v, encoding, 0);
            if (k != null && p != null) {
                out.put(k, p);
            }
        });
        return out;
    }

    private static Object plainValue(Object v, Encoding encoding, int depth) {
        if (v == null || depth > 8) {
            return null;
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigDecimal
                || v instanceof BigInteger || v instanceof Double || v instanceof Float || v instanceof Short) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new HashMap<>();
            m.forEach((k, x) -> {
                Object p = plainValue(x, encoding, depth + 1);
                if (k != null && p != null) {
                    out.put(String.valueOf(k), p);
                }
            });
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) {
                Object p = plainValue(x, encoding, depth + 1);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }
        String s = v instanceof TemporalAccessor ? v.toString() : String.valueOf(v);
        return switch (encoding) {
            case RAW -> s;
            case LINE -> flatten(s);
            case HTML -> Personalisation.escapeHtml(inert(s));
        };
    }

    /**
     * A value that would run as a link or image address of the HTML part ({@code href="{{ website }}"}
     * with a contact's {@code javascript:...}) is made inert: a script or data scheme at its start is
     * prefixed with {@code unsafe:}, so mail programs and browsers read it as a harmless relative address.
     */
    static String inert(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) <= ' ') {
            i++;
        }
        String head = value.substring(i, Math.min(value.length(), i + 11)).toLowerCase(Locale.ROOT);
        for (String scheme : List.of("javascript:", "vbscript:", "data:")) {
            if (head.startsWith(scheme)) {
                return "unsafe:" + value.substring(i);
            }
        }
        return value;
    }

    // --- helpers

    private static Map<String, String> parts(Content content) {
        Map<String, String> parts = new LinkedHashMap<>();
        if (content.subject() != null) {
            parts.put("subject", content.subject());
        }
        if (content.preheader() != null) {
            parts.put("preheader", content.preheader());
        }
        if (content.html() != null) {
            parts.put("html", content.html());
        }
        if (content.text() != null) {
            parts.put("text", content.text());
        }
        return parts;
    }

    /** Line breaks and tabs become single spaces; the ends are trimmed. */
    static String flatten(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                space = true;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        return out.toString().strip();
    }

    /** The preheader as hidden preview text right after the {@code <body>} tag, or at the start. */
    static String withPreheader(String html, String preheader) {
        String hidden = "<div style=\"display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all\" "
                + "aria-hidden=\"true\">" + Personalisation.escapeHtml(preheader) + "</div>";
        int body = html.toLowerCase(Locale.ROOT).indexOf("<body");
        int end = body < 0 ? -1 : html.indexOf('>', body);
        return end < 0 ? hidden + html : html.substring(0, end + 1) + hidden + html.substring(end + 1);
    }

    /** 1-based line and column of the first use of {@code name} as a whole name in {@code source}. */
    static int[] position(String source, String name) {
        int from = 0;
        while (true) {
            int i = source.indexOf(name, from);
            if (i < 0) {
                return new int[] {0, 0};
            }
            boolean startOk = i == 0 || !nameChar(source.charAt(i - 1)) && source.charAt(i - 1) != '.';
            int after = i + name.length();
            boolean endOk = after >= source.length() || !nameChar(source.charAt(after));
            if (startOk && endOk) {
                int line = 1;
                int lineStart = 0;
                for (int j = 0; j < i; j++) {
                    if (source.charAt(j) == '\n') {
                        line++;
                        lineStart = j + 1;
                    }
                }
                return new int[] {line, i - lineStart + 1};
            }
            from = i + 1;
        }
    }

    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The most telling message of a failure: a sandbox limit's, else the deepest one. */
    private static String message(Throwable e) {
        TemplateLimit limit = find(e, TemplateLimit.class);
        if (limit != null) {
            return limit.getMessage();
        }
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.toString() : message;
    }

    private static String oneLine(String s) {
        String flat = flatten(s == null ? "" : s);
        return flat.length() > 500 ? flat.substring(0, 500) : flat;
    }
}
