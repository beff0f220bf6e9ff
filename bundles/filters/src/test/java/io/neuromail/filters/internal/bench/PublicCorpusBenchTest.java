package io.neuromail.filters.internal.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.mime.MalformedMessageException;

/**
 * NeuroMail's built-in filters, as shipped, and SpamAssassin side by side on the SpamAssassin public
 * corpus ({@code bench/filters/corpora/fetch.sh}), separately for the even-numbered files (tuning)
 * and the odd-numbered ones (acceptance). SpamAssassin's verdicts are read from the file
 * {@code bench/filters/evaluate.sh} writes with {@code spamc}. Runs only from that script (tag "bench").
 */
@Tag("bench")
class PublicCorpusBenchTest {

    /** The corpus groups, by the class they count in. */
    private static final Map<String, String> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("spam", "spam");
        CLASSES.put("spam_2", "spam");
        CLASSES.put("easy_ham", "easy ham");
        CLASSES.put("easy_ham_2", "easy ham");
        CLASSES.put("hard_ham", "hard ham");
    }

    /** One message's outcome: NeuroMail's decision ({@code null} when the reader refused it) and whether spamd said spam ({@code null} when unknown). */
    private record Outcome(String cls, Decision decision, Boolean saSpam) {
        boolean spam() {
            return cls.equals("spam");
        }
    }

    @Test
    void builtInFiltersAndSpamAssassinOnThePublicCorpus() throws IOException {
        Path corpus = Path.of(System.getProperty("bench.corpus", "../../bench/filters/corpora/target/spamassassin")).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(corpus.resolve("hard_ham")), "no corpus in " + corpus + "; run bench/filters/corpora/fetch.sh");
        Map<String, Boolean> spamd = spamdVerdicts(System.getProperty("bench.spamd"));
        Map<Boolean, List<Outcome>> byHalf = new TreeMap<>();
        Map<String, Integer> ruleHitsOnHam = new HashMap<>();
        Map<String, Integer> ruleHitsOnSpam = new HashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> hamBlocked = new ArrayList<>();
        boolean verbose = Boolean.getBoolean("bench.verbose");
        String half = System.getProperty("bench.half", "all");
        try (BuiltInPipeline pipeline = new BuiltInPipeline()) {
            for (Map.Entry<String, String> group : CLASSES.entrySet()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(corpus.resolve(group.getKey()))) {
                    files = s.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
                }
                for (Path file : files) {
                    String name = group.getKey() + "/" + file.getFileName();
                    boolean even = number(file) % 2 == 0;
                    if (!half.equals("all") && half.equals("even") != even) {
                        continue;
                    }
                    Decision decision;
                    try {
                        Verdict v = pipeline.check(EmlReader.read(Files.readAllBytes(file)));
                        decision = v.decision();
                        if (even) {
                            Map<String, Integer> hits = group.getValue().equals("spam") ? ruleHitsOnSpam : ruleHitsOnHam;
                            v.findings().stream().map(f -> ruleKey(f.finding())).distinct().forEach(r -> hits.merge(r, 1, Integer::sum));
                        }
                        if (decision == Decision.BLOCK && !group.getValue().equals("spam") && even) {
                            hamBlocked.add(name + " " + v.score() + " " + v.findings().stream().map(ReportedFinding::finding)
                                    .map(f -> f.ruleId() + "=" + f.score()).toList());
                        }
                        if (verbose && even && decision != Decision.PASS && group.getValue().equals("hard ham")) {
                            System.out.println("FLAGGED " + name + " " + decision + " " + v.score() + " " + v.findings().stream()
                                    .map(ReportedFinding::finding).map(f -> f.ruleId() + "=" + f.score()).toList());
                        }
                    } catch (MalformedMessageException e) {
                        decision = null;
                        refused.add(name + ": " + e.getMessage());
                    }
                    byHalf.computeIfAbsent(even, k -> new ArrayList<>()).add(new Outcome(group.getValue(), decision, spamd.get(name)));
                }
            }
        }
        for (boolean even : new boolean[] {true, false}) {
            print(even ? "EVEN-numbered files (tuning)" : "ODD-numbered files (acceptance)", byHalf.getOrDefault(even, List.of()), !spamd.isEmpty());
        }
        System.out.println(String.format(Locale.ROOT, "reader: %d of %d messages refused", refused.size(),
                byHalf.values().stream().mapToInt(List::size).sum()));
        refused.stream().limit(20).forEach(r -> System.out.println("  refused " + r));
        System.out.println("ham BLOCKed (even files): " + hamBlocked.size());
        hamBlocked.stream().limit(30).forEach(h -> System.out.println("  blocked " + h));
        if (verbose) {
            System.out.println("rule: messages hit among even ham / even spam");
            Map<String, Integer> all = new TreeMap<>(ruleHitsOnHam);
            ruleHitsOnSpam.forEach((k, n) -> all.putIfAbsent(k, 0));
            all.forEach((rule, n) -> System.out.println(String.format(Locale.ROOT, "  %-40s %5d %5d", rule, n, ruleHitsOnSpam.getOrDefault(rule, 0))));
        }
    }

    /** The rule, and for a phrase or pattern rule the words it matched. */
    private static String ruleKey(io.neuromail.filter.api.Finding f) {
        boolean phrase = f.ruleId().endsWith(".phrase") || f.ruleId().endsWith(".pattern") || f.ruleId().endsWith(".explicit");
        return phrase && f.location().match() != null ? f.ruleId() + " " + f.location().match().toLowerCase(Locale.ROOT) : f.ruleId();
    }

    private static void print(String title, List<Outcome> outcomes, boolean withSpamd) {
        System.out.println("== " + title + ": " + outcomes.size() + " messages");
        System.out.println(String.format(Locale.ROOT, "%-9s %5s | %-26s | %-11s", "class", "n", "NeuroMail flagged  blocked", "SpamAssassin flagged"));
        for (String cls : List.of("spam", "easy ham", "hard ham")) {
            List<Outcome> of = outcomes.stream().filter(o -> o.cls().equals(cls)).toList();
            long flagged = of.stream().filter(o -> o.decision() != null && o.decision() != Decision.PASS).count();
            long blocked = of.stream().filter(o -> o.decision() == Decision.BLOCK).count();
            long saKnown = of.stream().filter(o -> o.saSpam() != null).count();
            long saFlagged = of.stream().filter(o -> Boolean.TRUE.equals(o.saSpam())).count();
            System.out.println(String.format(Locale.ROOT, "%-9s %5d | %15s %9s | %s", cls, of.size(), percent(flagged, of.size()),
                    percent(blocked, of.size()), withSpamd ? percent(saFlagged, saKnown) + (saKnown < of.size() ? " of " + saKnown : "") : "not run"));
        }
        long spam = outcomes.stream().filter(Outcome::spam).count();
        long ham = outcomes.size() - spam;
        long flagTp = outcomes.stream().filter(o -> o.spam() && flagged(o)).count();
        long flagFp = outcomes.stream().filter(o -> !o.spam() && flagged(o)).count();
        long blockTp = outcomes.stream().filter(o -> o.spam() && o.decision() == Decision.BLOCK).count();
        long blockFp = outcomes.stream().filter(o -> !o.spam() && o.decision() == Decision.BLOCK).count();
        long warnFp = outcomes.stream().filter(o -> !o.spam() && o.decision() == Decision.WARN).count();
        System.out.println(String.format(Locale.ROOT, "NeuroMail flagged: precision %s recall %s | BLOCK: precision %s recall %s",
                ratio(flagTp, flagTp + flagFp), ratio(flagTp, spam), ratio(blockTp, blockTp + blockFp), ratio(blockTp, spam)));
        System.out.println(String.format(Locale.ROOT, "NeuroMail on ham: false WARN rate %s, false BLOCK rate %s", percent(warnFp, ham), percent(blockFp, ham)));
        if (withSpamd) {
            long saSpam = outcomes.stream().filter(o -> o.spam() && o.saSpam() != null).count();
            long saHam = outcomes.stream().filter(o -> !o.spam() && o.saSpam() != null).count();
            long saTp = outcomes.stream().filter(o -> o.spam() && Boolean.TRUE.equals(o.saSpam())).count();
            long saFp = outcomes.stream().filter(o -> !o.spam() && Boolean.TRUE.equals(o.saSpam())).count();
            System.out.println(String.format(Locale.ROOT, "SpamAssassin flagged: precision %s recall %s | on ham: false flag rate %s (spamd does not block)",
                    ratio(saTp, saTp + saFp), ratio(saTp, saSpam), percent(saFp, saHam)));
        }
    }

    private static boolean flagged(Outcome o) {
        return o.decision() != null && o.decision() != Decision.PASS;
    }

    /** spamc's answers, {@code <group>/<file><TAB><score>/<threshold>} a line; empty when SpamAssassin was not run. */
    private static Map<String, Boolean> spamdVerdicts(String file) throws IOException {
        Map<String, Boolean> verdicts = new HashMap<>();
        if (file == null || file.isBlank() || !Files.exists(Path.of(file))) {
            return verdicts;
        }
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] cols = line.split("\t");
            if (cols.length < 2 || !cols[1].contains("/")) {
                continue;
            }
            String[] scores = cols[1].split("/");
            verdicts.put(cols[0], Double.parseDouble(scores[0]) >= Double.parseDouble(scores[1].strip()));
        }
        return verdicts;
    }

    private static int number(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.indexOf('.')));
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String ratio(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) part / whole);
    }
}
