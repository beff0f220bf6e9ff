package io.neuromail.filters.internal.builtin;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Message;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.message.MessageAnalyzer;

/**
 * About 1 MB of input built to make a regular expression backtrack or a walk go quadratic is
 * checked by each built-in filter (and analysed) in under a second: a ceiling, not a benchmark.
 */
class AdversarialInputTest {

    private static final int MB = 1024 * 1024;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** The ceiling, in CPU time of the checking thread: wall time on a shared build machine also counts other processes. */
    private static final Duration CEILING = Duration.ofSeconds(1);
    /** A backtracking expression runs for minutes; this wall-clock guard stops it and fails the test. */
    private static final Duration RUNAWAY = Duration.ofSeconds(10);

    /** The adversarial messages, each about 1 MB, by what they attack. */
    static Map<String, Email> inputs() {
        return new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("long query of separators", html("<a href=\"https://example.org/?" + ";".repeat(MB) + "\">x</a>")),
                Map.entry("long query of empty parameters", html("<a href=\"https://example.org/?" + "a&".repeat(MB / 2) + "\">x</a>")),
                Map.entry("nested redirects", html("<a href=\"https://example.org/?u=" + "https%3A%2F%2Fa.example%2F%3Fu%3D".repeat(MB / 34) + "\">x</a>")),
                Map.entry("100,000 links", html("<a href=//a.b>x</a>".repeat(100_000))),
                Map.entry("100,000 bare links", text("http://a.b ".repeat(100_000))),
                Map.entry("a run of dots after a bare link", text("see http://a" + ".".repeat(MB) + "x")),
                Map.entry("link text of hyphens", html("<a href=\"https://example.org/\">" + "a-".repeat(MB / 2) + "!</a>")),
                Map.entry("link text of labels", html("<a href=\"https://example.org/\">" + "a.".repeat(MB / 2) + "1</a>")),
                Map.entry("nested tags", html("<div>".repeat(100_000) + "<input>".repeat(50_000))),
                Map.entry("nested formatting tags", html("<a href=//x.y><b><i><u>".repeat(MB / 24))),
                Map.entry("a run of digits after 'earn'", text("earn " + "9".repeat(MB))),
                Map.entry("a run of thousands", text("$1" + ",000".repeat(MB / 4) + "x")),
                Map.entry("a long word", text("free" + "e".repeat(MB) + "x")),
                Map.entry("repeated headers", new Email("s", "a@example.org", null, null, "text",
                        headers(MB)))));
    }

    @Test
    void theSpamFilterChecksAdversarialInputInUnderASecond() {
        SpamFilter filter = new SpamFilter();
        filter.configure(Configs.of(SpamFilter.Config.class, Map.of("rulesFile", "/nonexistent/spam-words.txt")));
        within(filter::check);
    }

    @Test
    void theLinkFilterChecksAdversarialInputInUnderASecond() {
        LinkFilter filter = new LinkFilter();
        filter.configure(Configs.of(LinkFilter.Config.class, Map.of("blocklistFile", "/nonexistent/blocklist.txt")));
        within(filter::check);
    }

    @Test
    void thePhishingFilterChecksAdversarialInputInUnderASecond() {
        PhishingFilter filter = new PhishingFilter();
        filter.configure(Configs.of(PhishingFilter.Config.class, Map.of("brandsFile", "/nonexistent/brands.txt")));
        within(filter::check);
    }

    @Test
    void theAdultFilterChecksAdversarialInputInUnderASecond() {
        AdultFilter filter = new AdultFilter();
        filter.configure(Configs.of(AdultFilter.Config.class, Map.of("wordsFile", "/nonexistent/a.txt", "allowFile", "/nonexistent/b.txt")));
        within(filter::check);
    }

    @Test
    void theClassifierChecksAdversarialInputInUnderASecond() {
        ClassifierFilter filter = new ClassifierFilter();
        filter.configure(Configs.of(ClassifierFilter.Config.class, Map.of("modelFile", "/nonexistent/classifier-model.txt")));
        filter.check(MessageAnalyzer.analyze(text("the shipped model is read once, before the clock starts")));
        within(filter::check);
    }

    @Test
    void theAnalyserReadsAdversarialInputInUnderASecond() {
        within(message -> List.of());
    }

    /** Analysis and check of every input together stay under the ceiling, each input on its own. */
    private static void within(Function<Message, List<Finding>> check) {
        List<String> slow = new java.util.ArrayList<>();
        new java.util.TreeMap<>(inputs()).forEach((what, email) -> {
            long millis = assertTimeoutPreemptively(RUNAWAY, () -> {
                long started = THREADS.getCurrentThreadCpuTime();
                check.apply(MessageAnalyzer.analyze(email));
                return (THREADS.getCurrentThreadCpuTime() - started) / 1_000_000;
            }, what);
            if (millis >= CEILING.toMillis()) {
                slow.add(what + " (" + millis + " ms)");
            }
            System.err.printf("%-34s %5d ms CPU%n", what, millis);
        });
        assertTrue(slow.isEmpty(), "over " + CEILING.toMillis() + " ms: " + slow);
    }

    private static Email html(String html) {
        return new Email("Our news", "news@example.org", null, html, null, Map.of());
    }

    private static Email text(String text) {
        return new Email("Our news", "news@example.org", null, null, text, Map.of());
    }

    private static Map<String, String> headers(int bytes) {
        return Map.of("X-Long", "a".repeat(bytes));
    }

    @Test
    void anEmlWithAHeaderRepeatedTensOfThousandsOfTimesIsReadInUnderASecond() {
        String raw = "Subject: s\r\nFrom: a@example.org\r\n" + "X-Repeated: aaaaaaaaaaaaaaaaaaaa\r\n".repeat(MB / 34)
                + "Content-Type: text/plain\r\n\r\nbody\r\n";
        long millis = assertTimeoutPreemptively(RUNAWAY, () -> {
            long started = THREADS.getCurrentThreadCpuTime();
            Email email = io.neuromail.filters.internal.mime.EmlReader.read(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).email();
            assertTrue(email.headers().get("X-Repeated").length() <= 4000);
            return (THREADS.getCurrentThreadCpuTime() - started) / 1_000_000;
        });
        System.err.printf("%-34s %5d ms CPU%n", "eml with repeated headers", millis);
        assertTrue(millis < CEILING.toMillis(), millis + " ms");
    }
}
