package io.neuromail.filters.internal.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Severity;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.classifier.CorpusTraining;
import io.neuromail.filters.internal.classifier.SpamModel;
import io.neuromail.filters.internal.classifier.Tokens;
import io.neuromail.filters.internal.message.MessageAnalyzer;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.pipeline.FilterSettings;
import io.neuromail.filters.internal.mime.MalformedMessageException;

/**
 * NeuroMail's built-in filters, as shipped, and SpamAssassin side by side on the SpamAssassin public
 * corpus ({@code bench/filters/corpora/fetch.sh}), separately for the even-numbered files (tuning)
 * and the odd-numbered ones (acceptance). SpamAssassin's verdicts are read from the file
 * {@code bench/filters/evaluate.sh} writes with {@code spamc}. Runs only from that script (tag "bench").
 * <p>
 * System properties: {@code bench.half} {@code all} (default), {@code even} (tuning files only) or
 * {@code tune} (the messages numbered 0 mod 4, with the classifier's model trained on those numbered
 * 2 mod 4 with hard ham weighted {@code bench.hardHamWeight} times, default the shipped model's:
 * figures for choosing settings that neither the model nor the odd files have seen);
 * {@code bench.without} built-in filters to leave out (comma-separated); {@code bench.set}
 * configuration values replacing the defaults, {@code filter.attribute=value} comma-separated;
 * {@code bench.warn} the warning threshold of the total score; {@code bench.dump} a file to write
 * every evaluated tuning message's findings and spam probability to, a line each;
 * {@code bench.verbose} also prints each rule's hits per class on the tuning messages and every
 * flagged hard-ham message. Odd-numbered files are never dumped nor broken down by rule.
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

    private static final List<String> CLASS_NAMES = List.of("easy ham", "hard ham", "spam");

    @Test
    void builtInFiltersAndSpamAssassinOnThePublicCorpus() throws IOException {
        Path corpus = Path.of(System.getProperty("bench.corpus", "../../bench/filters/corpora/target/spamassassin")).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(corpus.resolve("hard_ham")), "no corpus in " + corpus + "; run bench/filters/corpora/fetch.sh");
        Map<String, Boolean> spamd = spamdVerdicts(System.getProperty("bench.spamd"));
        Map<Boolean, List<Outcome>> byHalf = new TreeMap<>();
        Map<String, int[]> ruleHits = new HashMap<>();
        int[] classSizes = new int[CLASS_NAMES.size()];
        List<String> refused = new ArrayList<>();
        List<String> hamBlocked = new ArrayList<>();
        boolean verbose = Boolean.getBoolean("bench.verbose");
        String half = System.getProperty("bench.half", "all");
        boolean tune = half.equals("tune");
        Map<String, Map<String, Object>> settings = settings(System.getProperty("bench.set", ""));
        Set<String> without = Set.of(System.getProperty("bench.without", "").split(","));
        FilterSettings thresholds = new FilterSettings(Double.parseDouble(System.getProperty("bench.warn", "" + BuiltInPipeline.DEFAULTS.warnThreshold())),
                BuiltInPipeline.DEFAULTS.blockThreshold(), Set.of());
        // tuning: the messages numbered 0 mod 4 are checked with a model trained on those numbered 2 mod 4, and the other way round
        List<SpamModel> models = new ArrayList<>();
        List<BuiltInPipeline> pipelines = new ArrayList<>();
        if (tune) {
            int weight = Integer.getInteger("bench.hardHamWeight", CorpusTraining.HARD_HAM_WEIGHT);
            for (int trainedOn : new int[] {2, 0}) {
                SpamModel model = CorpusTraining.tuningModel(corpus, weight, trainedOn);
                Path file = Files.createTempFile("tuning-model", ".txt");
                file.toFile().deleteOnExit();
                model.save(file, List.of("trained on the messages numbered " + trainedOn + " mod 4, hard ham weight " + weight));
                Map<String, Map<String, Object>> foldSettings = new HashMap<>(settings);
                Map<String, Object> classifier = new HashMap<>(settings.getOrDefault("classifier", Map.of()));
                classifier.put("modelFile", file.toString());
                foldSettings.put("classifier", classifier);
                models.add(model);
                pipelines.add(new BuiltInPipeline(foldSettings, without));
            }
            System.out.println("tuning: even-numbered files, those numbered 0 mod 4 checked with the classifier trained on those numbered 2 mod 4"
                    + " and the other way round; hard ham weight " + weight);
        } else {
            models.add(SpamModel.parse(new String(PublicCorpusBenchTest.class.getClassLoader().getResourceAsStream("io/neuromail/filters/rules/classifier-model.txt")
                    .readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()));
            pipelines.add(new BuiltInPipeline(settings, without));
        }
        System.out.println("settings: " + settings + (without.contains("") && without.size() == 1 ? "" : ", without " + without)
                + ", warn threshold " + thresholds.warnThreshold());
        String dumpTo = System.getProperty("bench.dump", "");
        try (PrintWriter dump = dumpTo.isBlank() ? null : new PrintWriter(Files.newBufferedWriter(Path.of(dumpTo), StandardCharsets.UTF_8))) {
            for (Map.Entry<String, String> group : CLASSES.entrySet()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(corpus.resolve(group.getKey()))) {
                    files = s.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
                }
                for (Path file : files) {
                    String name = group.getKey() + "/" + file.getFileName();
                    boolean even = number(file) % 2 == 0;
                    if (!half.equals("all") && half.equals("odd") == even) {
                        continue;
                    }
                    int fold = tune && number(file) % 4 == 2 ? 1 : 0;
                    BuiltInPipeline pipeline = pipelines.get(fold);
                    Decision decision;
                    try {
                        EmlReader.Result read = EmlReader.read(Files.readAllBytes(file));
                        Verdict v = pipeline.check(read, thresholds);
                        decision = v.decision();
                        if (even) {
                            int cls = CLASS_NAMES.indexOf(group.getValue());
                            classSizes[cls]++;
                            v.findings().stream().map(f -> ruleKey(f.finding())).distinct()
                                    .forEach(r -> ruleHits.computeIfAbsent(r, k -> new int[CLASS_NAMES.size()])[cls]++);
                            if (dump != null) {
                                double p = models.get(fold).score(Tokens.of(MessageAnalyzer.analyze(read.email())), 0).probability();
                                dump.println(group.getValue() + "\t" + name + "\t" + decision + "\t" + v.score() + "\t" + String.format(Locale.ROOT, "%.6f", p) + "\t"
                                        + String.join("|", v.findings().stream().map(f -> f.filter() + " " + ruleKey(f.finding()).replace('|', '/') + "="
                                                + f.finding().score() + " " + f.finding().severity() + " " + f.finding().kind()).toList()));
                            }
                        }
                        if (decision == Decision.BLOCK && !group.getValue().equals("spam") && even) {
                            hamBlocked.add(name + " " + v.score() + " " + v.findings().stream().map(ReportedFinding::finding)
                                    .map(f -> f.ruleId() + "=" + f.score()).toList());
                        }
                        if (verbose && even && decision != Decision.PASS && group.getValue().equals("hard ham")) {
                            System.out.println("FLAGGED " + name + " " + decision + " " + v.score() + " " + v.findings().stream()
                                    .map(ReportedFinding::finding).filter(f -> f.score() != 0 || f.severity() != Severity.INFO)
                                    .map(f -> ruleKey(f) + "=" + f.score()).toList());
                        }
                    } catch (MalformedMessageException e) {
                        decision = null;
                        refused.add(name + ": " + e.getMessage());
                    }
                    byHalf.computeIfAbsent(even, k -> new ArrayList<>()).add(new Outcome(group.getValue(), decision, spamd.get(name)));
                }
            }
        } finally {
            pipelines.forEach(BuiltInPipeline::close);
        }
        for (boolean even : new boolean[] {true, false}) {
            print(even ? tune ? "EVEN-numbered files (tuning), each checked by a classifier that did not see it" : "EVEN-numbered files (tuning)" : "ODD-numbered files (acceptance)",
                    byHalf.getOrDefault(even, List.of()), !spamd.isEmpty());
        }
        System.out.println(String.format(Locale.ROOT, "reader: %d of %d messages refused", refused.size(),
                byHalf.values().stream().mapToInt(List::size).sum()));
        refused.stream().limit(20).forEach(r -> System.out.println("  refused " + r));
        System.out.println("ham BLOCKed (even files): " + hamBlocked.size());
        hamBlocked.stream().limit(30).forEach(h -> System.out.println("  blocked " + h));
        if (verbose) {
            System.out.println(String.format(Locale.ROOT, "rule: share of the tuning messages hit, easy ham (%d) / hard ham (%d) / spam (%d)",
                    classSizes[0], classSizes[1], classSizes[2]));
            new TreeMap<>(ruleHits).forEach((rule, n) -> System.out.println(String.format(Locale.ROOT, "  %-40s %6s %6s %6s", rule,
                    percent(n[0], classSizes[0]), percent(n[1], classSizes[1]), percent(n[2], classSizes[2]))));
        }
    }

    /** {@code filter.attribute=value,...} as configuration values per filter; numbers as doubles, else text. */
    private static Map<String, Map<String, Object>> settings(String spec) {
        Map<String, Map<String, Object>> settings = new HashMap<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int dot = item.indexOf('.');
            int eq = item.indexOf('=');
            String value = item.substring(eq + 1).strip();
            Object parsed;
            try {
                parsed = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                parsed = value;
            }
            settings.computeIfAbsent(item.substring(0, dot).strip(), k -> new HashMap<>()).put(item.substring(dot + 1, eq).strip(), parsed);
        }
        return settings;
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
