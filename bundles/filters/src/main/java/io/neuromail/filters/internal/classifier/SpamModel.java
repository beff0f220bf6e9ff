package io.neuromail.filters.internal.classifier;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A naive Bayes spam model over the presence of tokens (a multinomial model counting each token once
 * per message), with its log-odds calibrated into a probability.
 * <p>
 * For a token {@code t} seen in {@code s} spam and {@code h} legitimate training messages, with
 * {@code S} and {@code H} the sums of those counts over the vocabulary of {@code V} tokens and
 * {@code a} the smoothing, the weight of {@code t} is
 * {@code ln((s + a) / (S + aV)) - ln((h + a) / (H + aV))}. A message's log-odds are
 * {@code ln(spamMessages / hamMessages)} plus the weights of its distinct known tokens, and its spam
 * probability is {@code 1 / (1 + exp(-(slope * logOdds + intercept)))}: the calibration maps the
 * model's overconfident log-odds onto observed frequencies. So each token's contribution to the
 * calibrated log-odds is exactly {@code slope * weight}.
 *
 * <h2>File format</h2>
 * UTF-8 text, one entry a line; empty lines and lines starting with {@code #} are ignored. The
 * settings start with {@code @}, which no token contains:
 * <pre>
 * neuromail-classifier 1
 * {@literal @}messages &lt;spam&gt; &lt;ham&gt;
 * {@literal @}smoothing &lt;a&gt;
 * {@literal @}calibration &lt;slope&gt; &lt;intercept&gt;
 * &lt;token&gt; &lt;spam count&gt; &lt;ham count&gt;
 * ...
 * </pre>
 */
public final class SpamModel {

    /** First line of a model file. */
    static final String MAGIC = "neuromail-classifier 1";

    private final int spamMessages;
    private final int hamMessages;
    private final double smoothing;
    private final double slope;
    private final double intercept;
    private final Map<String, int[]> counts;
    private final Map<String, Double> weights;
    private final double prior;

    /** The spam probability of a message and what it is made of. */
    public record Score(double probability, double logOdds, List<Contribution> contributions, int knownTokens) {
    }

    /** A token's part of a message's calibrated log-odds (positive: towards spam). */
    public record Contribution(String token, double value) {
    }

    /**
     * @param counts per token, its count in spam and in legitimate messages
     */
    public SpamModel(int spamMessages, int hamMessages, double smoothing, double slope, double intercept, Map<String, int[]> counts) {
        if (spamMessages <= 0 || hamMessages <= 0) {
            throw new IllegalArgumentException("A model needs spam and legitimate training messages");
        }
        if (!(smoothing > 0) || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException("Smoothing must be positive, the calibration finite");
        }
        this.spamMessages = spamMessages;
        this.hamMessages = hamMessages;
        this.smoothing = smoothing;
        this.slope = slope;
        this.intercept = intercept;
        this.counts = Map.copyOf(counts);
        long spamTotal = 0;
        long hamTotal = 0;
        for (int[] c : counts.values()) {
            spamTotal += c[0];
            hamTotal += c[1];
        }
        double spamNorm = Math.log(spamTotal + smoothing * counts.size());
        double hamNorm = Math.log(hamTotal + smoothing * counts.size());
        Map<String, Double> w = new HashMap<>(counts.size() * 2);
        counts.forEach((token, c) -> w.put(token, Math.log(c[0] + smoothing) - spamNorm - Math.log(c[1] + smoothing) + hamNorm));
        this.weights = w;
        this.prior = Math.log((double) spamMessages / hamMessages);
    }

    /** The same counts with another calibration. */
    public SpamModel calibrated(double newSlope, double newIntercept) {
        return new SpamModel(spamMessages, hamMessages, smoothing, newSlope, newIntercept, counts);
    }

    /** The model's uncalibrated log-odds for a message of these distinct tokens. */
    public double logOdds(Collection<String> tokens) {
        double z = prior;
        for (String t : tokens) {
            Double w = weights.get(t);
            if (w != null) {
                z += w;
            }
        }
        return z;
    }

    /** The calibrated spam probability of uncalibrated log-odds {@code z}. */
    public double probability(double z) {
        return 1 / (1 + Math.exp(-(slope * z + intercept)));
    }

    /**
     * Scores a message of these distinct tokens.
     *
     * @param top how many contributions to keep, the largest towards spam first
     */
    public Score score(Collection<String> tokens, int top) {
        double z = prior;
        int known = 0;
        List<Contribution> all = new ArrayList<>();
        for (String t : tokens) {
            Double w = weights.get(t);
            if (w != null) {
                known++;
                z += w;
                if (w > 0) {
                    all.add(new Contribution(t, slope * w));
                }
            }
        }
        all.sort(Comparator.comparingDouble(Contribution::value).reversed().thenComparing(Contribution::token));
        return new Score(probability(z), slope * z + intercept, List.copyOf(all.subList(0, Math.min(top, all.size()))), known);
    }

    /** The weight of a token, {@code 0} when the model does not know it. */
    public double weight(String token) {
        return weights.getOrDefault(token, 0.0);
    }

    public int spamMessages() {
        return spamMessages;
    }

    public int hamMessages() {
        return hamMessages;
    }

    public double slope() {
        return slope;
    }

    public double intercept() {
        return intercept;
    }

    /** Per token, its count in spam and in legitimate messages (do not change the arrays). */
    Map<String, int[]> counts() {
        return counts;
    }

    /** How many tokens the model knows. */
    public int size() {
        return counts.size();
    }

    /**
     * Whether the file format can hold {@code token}: not empty, no white space or control
     * character, and not starting with {@code #} (a comment) or {@code @} (a setting).
     */
    public static boolean writable(String token) {
        if (token.isEmpty() || token.charAt(0) == '#' || token.charAt(0) == '@') {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the model in its file format, tokens sorted, so the same training gives the same file. */
    public void write(Writer out, List<String> comments) throws IOException {
        for (String comment : comments) {
            out.write("# " + comment + "\n");
        }
        out.write(MAGIC + "\n");
        out.write("@messages " + spamMessages + " " + hamMessages + "\n");
        out.write("@smoothing " + number(smoothing) + "\n");
        out.write("@calibration " + number(slope) + " " + number(intercept) + "\n");
        for (Map.Entry<String, int[]> e : new TreeMap<>(counts).entrySet()) {
            out.write(e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1] + "\n");
        }
    }

    /** Writes the model to a file next to {@code target}, then moves it into place, so a reader never sees half a model. */
    public void save(Path target, List<String> comments) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".classifier-model", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(w, comments);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /**
     * Reads a model from its meaningful lines (trimmed, without comments and empty lines).
     *
     * @throws IllegalArgumentException naming the first line that is not understood
     */
    public static SpamModel parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IllegalArgumentException("A classifier model starts with \"" + MAGIC + "\"");
        }
        int spam = -1;
        int ham = -1;
        double smoothing = 1;
        double slope = 1;
        double intercept = 0;
        Map<String, int[]> counts = new HashMap<>(lines.size() * 2);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\\s+");
            try {
                switch (f[0]) {
                    case "@messages" -> {
                        expect(f, 3, line);
                        spam = Integer.parseInt(f[1]);
                        ham = Integer.parseInt(f[2]);
                    }
                    case "@smoothing" -> {
                        expect(f, 2, line);
                        smoothing = Double.parseDouble(f[1]);
                    }
                    case "@calibration" -> {
                        expect(f, 3, line);
                        slope = Double.parseDouble(f[1]);
                        intercept = Double.parseDouble(f[2]);
                    }
                    default -> {
                        expect(f, 3, line);
                        int s = Integer.parseInt(f[1]);
                        int h = Integer.parseInt(f[2]);
                        if (s < 0 || h < 0 || counts.put(f[0], new int[] {s, h}) != null) {
                            throw new IllegalArgumentException("Negative count or repeated token in line \"" + line + "\"");
                        }
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a number in classifier model line \"" + line + "\"", e);
            }
        }
        if (spam < 0 || ham < 0) {
            throw new IllegalArgumentException("The classifier model has no \"@messages <spam> <ham>\" line");
        }
        return new SpamModel(spam, ham, smoothing, slope, intercept, counts);
    }

    private static void expect(String[] fields, int n, String line) {
        if (fields.length != n) {
            throw new IllegalArgumentException("Classifier model line \"" + line + "\" should have " + n + " fields");
        }
    }
}
