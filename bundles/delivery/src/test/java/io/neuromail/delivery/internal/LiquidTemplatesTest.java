package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.neuromail.delivery.api.MessageTemplates.Content;
import io.neuromail.delivery.api.MessageTemplates.Problem;

class LiquidTemplatesTest {

    private final LiquidTemplates templates = new LiquidTemplates();

    private static Content html(String html) {
        return new Content("s", null, html, null);
    }

    private String renderText(String template, Map<String, Object> values) {
        return templates.render(new Content("s", null, null, template), values).text();
    }

    @Test
    void rendersValuesWithFallbacksEscapedInHtmlRawInTextAndOnOneLineInTheSubject() {
        Map<String, Object> values = Map.of("first_name", "<Ann>\r\nBcc: x", "score", new BigDecimal("12.5"),
                "joined", LocalDate.of(2024, 1, 5), "vip", true, "unsubscribe_url", "https://nm.example/u/1?a=b&c=d");
        Content out = templates.render(new Content("Hi {{ first_name }}", "For {{ first_name | default: 'you' }}",
                "<html><body><p>Hi {{ first_name }} {{ score | plus: 1 }} {{ joined | date: '%Y' }}"
                        + "{% if vip %} VIP{% endif %}</p></body></html>",
                "Hi {{ first_name }} {{ last_name | default: 'there' }}"), values);
        assertEquals("Hi <Ann> Bcc: x", out.subject());
        assertEquals("For <Ann> Bcc: x", out.preheader());
        assertTrue(out.html().startsWith("<html><body><div style=\"display:none;"), out.html());
        assertTrue(out.html().contains("aria-hidden=\"true\">For &lt;Ann&gt; Bcc: x</div><p>Hi &lt;Ann&gt;\r\nBcc: x 13.5 2024 VIP</p>"),
                out.html());
        assertTrue(out.html().contains("href=\"https://nm.example/u/1?a=b&amp;c=d\""), "the footer links the unsubscribe URL");
        assertTrue(out.text().startsWith("Hi <Ann>\r\nBcc: x there"), out.text());
        assertTrue(out.text().contains("unsubscribe: https://nm.example/u/1?a=b&c=d"), out.text());
    }

    @Test
    void aContactValueUsedAsALinkCannotRunScript() {
        Content out = templates.render(new Content("s", null, "<a href=\"{{ website }}\">site</a><img src=\"{{ logo }}\">"
                + "<a href=\"{{ shop }}\">shop</a>", "{{ website }}"), Map.of("website", " JavaScript:alert(document.cookie)",
                "logo", "data:text/html;base64,PHNjcmlwdD4=", "shop", "https://shop.example/?a=1&b=2"));
        assertTrue(out.html().contains("href=\"unsafe:JavaScript:alert(document.cookie)\""), out.html());
        assertTrue(out.html().contains("src=\"unsafe:data:text/html;base64,PHNjcmlwdD4=\""), out.html());
        assertTrue(out.html().contains("href=\"https://shop.example/?a=1&amp;b=2\""), out.html());
        // The text part is not HTML: the value stays as it is.
        assertTrue(out.text().startsWith(" JavaScript:alert"), out.text());
    }

    @Test
    void aBodyThatPlacesTheUnsubscribeLinkGetsNoFooter() {
        Content out = templates.render(new Content("s", null, "<a href=\"{{ unsubscribe_url }}\">leave</a>", null),
                Map.of("unsubscribe_url", "https://nm.example/u/1"));
        assertEquals("<a href=\"https://nm.example/u/1\">leave</a>", out.html());
    }

    @Test
    void checkReportsSyntaxErrorsAndUnknownNamesWithPartLineAndColumn() {
        List<Problem> problems = templates.check(new Content("Hello {{ first_name }}", null,
                "<p>\n  {{ frist_name }} {{ city }}\n {{ nope | upcase }}</p>", "ok {% if %}"),
                Set.of("first_name", "city"));
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(new Problem("html", 2, 6, problems.get(0).message()), problems.get(0));
        assertTrue(problems.get(0).message().contains("'frist_name'"), problems.get(0).message());
        assertEquals(new Problem("html", 3, 5, problems.get(1).message()), problems.get(1));
        assertEquals("text", problems.get(2).part());
        assertEquals(1, problems.get(2).line());
        assertTrue(problems.get(2).column() > 0, problems.get(2).toString());
        assertEquals(List.of(), templates.check(new Content("Hi {{ first_name | default: 'there' }}", null,
                "{% assign n = 2 %}{% for i in (1..n) %}{{ i }}{{ forloop.index }}{% endfor %}", null),
                Set.of("first_name")));
        assertEquals("subject", templates.check(new Content(" ", null, null, "x"), Set.of()).get(0).part());
        assertEquals("html", templates.check(html("x".repeat(LiquidTemplates.MAX_TEMPLATE_CHARS + 1)), Set.of())
                .get(0).part());
    }

    @Test
    void aDottedFieldNameIsAnObjectsProperty() {
        Map<String, Object> values = new java.util.HashMap<>();
        LiquidTemplates.putValue(values, "order.total", "12.50");
        LiquidTemplates.putValue(values, "order.id", "A-7");
        LiquidTemplates.putValue(values, "name", "Ann");
        LiquidTemplates.putValue(values, "name.first", "ignored: name is a plain value");
        assertEquals("Ann A-7 12.50", renderText("{{ name }} {{ order.id }} {{ order.total }}", values));
        assertEquals(List.of(), templates.check(new Content("{{ order.total }}", null, null, "{{ order.id }}"),
                Set.of("order.total", "order.id")));
        assertTrue(templates.check(new Content("{{ order.sum }}", null, null, "x"), Set.of("order.total")).get(0)
                .message().contains("order.sum"));
    }

    @Test
    void templatesCannotReachJavaObjectsPropertiesOrTheEnvironment() {
        System.setProperty("nm.sandbox.secret", "s3cr3t");
        try {
            String out = renderText("[{{ x.class }}][{{ x.getClass }}][{{ x.class.name }}][{{ x.bytes }}]"
                    + "[{{ n.class }}][{{ d.class.name }}][{{ nm.sandbox.secret }}][{{ java.lang.System }}]"
                    + "[{{ env.PATH }}][{{ ENV.HOME }}][{{ site }}][{{ page }}]",
                    Map.of("x", "text", "n", 5, "d", LocalDate.of(2024, 1, 1)));
            assertEquals("[][][][][][][][][][][][]", out, "without an unsubscribe link there is no footer either");
            assertFalse(out.contains("s3cr3t"));
            // An object in the values becomes its text: its methods and fields stay out of reach.
            Object secretive = new Object() {
                public String getSecret() {
                    return "hidden";
                }

                @Override
                public String toString() {
                    return "obj";
                }
            };
            String shown = renderText("{{ o }}|{{ o.secret }}|{{ o.getSecret }}", Map.of("o", secretive));
            assertEquals("obj||", shown);
        } finally {
            System.clearProperty("nm.sandbox.secret");
        }
    }

    @Test
    void includesOfAnyFileAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("snippet.liquid");
        Files.writeString(file, "FILE CONTENT");
        for (String template : List.of("{% include '/etc/passwd' %}", "{% include '" + file + "' %}",
                "{% include 'snippet.liquid' %}", "{% include_relative '" + file + "' %}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> templates.render(html(template), Map.of()), template);
            assertTrue(e.getMessage().startsWith("html: "), e.getMessage());
            assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("cannot"), e.getMessage());
            assertFalse(e.getMessage().contains("FILE CONTENT") || e.getMessage().contains("root:"), e.getMessage());
            assertFalse(templates.check(html(template), Set.of()).isEmpty(), template);
        }
    }

    @Test
    void loopsOutputAndGrowingValuesAreCapped() {
        IllegalArgumentException loops = assertThrows(IllegalArgumentException.class, () -> templates.render(
                html("{% for a in (1..1000) %}{% for b in (1..1000) %}x{% endfor %}{% endfor %}"), Map.of()));
        assertTrue(loops.getMessage().contains("maxIterations"), loops.getMessage());
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class, () -> templates.render(
                html("{% for a in (1..15000) %}{{ long }}{% endfor %}"), Map.of("long", "y".repeat(1000))));
        assertTrue(output.getMessage().contains("exceeds"), output.getMessage());
        IllegalArgumentException doubling = assertThrows(IllegalArgumentException.class, () -> templates.render(
                html("{% assign s = 'xx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}"),
                Map.of()));
        assertTrue(doubling.getMessage().contains("longer than"), doubling.getMessage());
        IllegalArgumentException captured = assertThrows(IllegalArgumentException.class, () -> templates.render(
                html("{% assign s = 'xx' %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}"),
                Map.of()));
        assertTrue(captured.getMessage().contains("exceeds"), captured.getMessage());
    }

    @Test
    void aRunawayTemplateEndsWithAClearErrorWithinTheTimeCap() {
        // Within every size and loop cap, yet far too slow: each iteration copies a 640,000-character value.
        String runaway = "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..16) %}{% assign s = s | append: s %}{% endfor %}"
                + "{% for i in (1..19000) %}{% assign t = s | replace: 'x', 'y' %}{% endfor %}done";
        long start = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> templates.render(html(runaway), Map.of()));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("html: the template took longer than " + LiquidTemplates.PREVIEW_MILLIS + " ms to render",
                e.getMessage());
        assertTrue(tookMillis < LiquidTemplates.PREVIEW_MILLIS + 1500, "stopped after " + tookMillis + " ms");
        assertFalse(templates.check(html(runaway), Set.of()).isEmpty());
    }

    @Test
    void withoutAnUnsubscribeLinkNoFooterIsAdded() {
        Content content = new Content("s", null, "<html><body><p>Hi</p></body></html>", "Hi");
        for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of(), Map.of("unsubscribe_url", " "))) {
            Content out = templates.render(content, values);
            assertEquals("<html><body><p>Hi</p></body></html>", out.html());
            assertEquals("Hi", out.text());
        }
        Content withLink = templates.render(content, Map.of("unsubscribe_url", "https://nm.example/u/1"));
        assertTrue(withLink.html().contains("href=\"https://nm.example/u/1\""), withLink.html());
        assertTrue(withLink.text().contains("unsubscribe: https://nm.example/u/1"), withLink.text());
    }

    @Test
    void parsedTemplatesAreCachedAndBounded() {
        for (int i = 0; i < 300; i++) {
            templates.render(html("n" + i + " {{ x }}"), Map.of("x", i));
        }
        assertEquals(256, templates.cached());
    }

    @Test
    void oneTemplateRenderedOnManyThreadsAtOnceGivesEachRecipientTheirOwnValues() throws Exception {
        // The rows of one send share one compiled template; no render may see another's values.
        Content content = new Content("News for {{ first_name }}", null,
                "<p>{% for i in (1..20) %}{{ first_name }}-{{ i }} {% endfor %}{{ city | default: 'town' }}</p>",
                "{{ first_name }} in {{ city }}");
        int threads = 8;
        int each = 400;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> wrong = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String name = "R" + thread + "x" + i;
                        Content out = templates.render(content, Map.of("first_name", name, "city", "C" + i,
                                "unsubscribe_url", "https://nm.example/u/" + name));
                        String expected = "<p>" + name + "-1 ";
                        if (!out.subject().equals("News for " + name) || !out.html().startsWith(expected)
                                || !out.html().contains(name + "-20 C" + i + "</p>")
                                || !out.text().startsWith(name + " in C" + i)
                                || !out.text().contains("https://nm.example/u/" + name + "\r\n")) {
                            wrong.add(out.subject() + " | " + out.html() + " | " + out.text());
                        }
                    }
                    return wrong;
                }));
            }
            for (java.util.concurrent.Future<List<String>> r : results) {
                List<String> wrong = r.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(wrong.isEmpty(), wrong.size() + " renders mixed values, e.g. " + (wrong.isEmpty() ? "" : wrong.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
