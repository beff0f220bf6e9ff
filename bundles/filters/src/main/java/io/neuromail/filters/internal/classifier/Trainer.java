package io.neuromail.filters.internal.classifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a {@link SpamModel} from labelled messages, each given as its distinct tokens
 * ({@link Tokens#of}).
 * <ol>
 * <li>Counts in how many spam and legitimate messages each token occurs.</li>
 * <li>Prunes: keeps tokens seen in at least {@code minCount} messages, and of those the
 * {@code maxTokens} that weigh most over the training set (|weight| times messages seen in).</li>
 * <li>Calibrates with two folds: the messages at even and at odd positions of each list. A model
 * counted on one fold scores the other, and a logistic fit of the labels on those out-of-fold
 * log-odds (Platt scaling) gives the calibration of the model counted on all messages.</li>
 * </ol>
 * Everything is deterministic: the same messages in the same order give the same model.
 */
public final class Trainer {

    /** Smoothing of the token counts (Laplace). */
    public static final double SMOOTHING = 1.0;

    /** How a model is trained. */
    public record Options(int minCount, int maxTokens) {
        public static final Options DEFAULTS = new Options(2, 20_000);

        public Options {
            if (minCount < 1 || maxTokens < 1) {
                throw new IllegalArgumentException("minCount and maxTokens must be at least 1");
            }
        }
    }

    /** A trained model and its out-of-fold log-odds, which tell how well it generalises. */
    public record Result(SpamModel model, double[] spamLogOdds, double[] hamLogOdds) {

        /** The share of spam and of legitimate messages that out-of-fold scoring puts at or above {@code probability}. */
        public double[] flagged(double probability) {
            return new double[] {share(spamLogOdds, probability), share(hamLogOdds, probability)};
        }

        private double share(double[] logOdds, double probability) {
            int n = 0;
            for (double z : logOdds) {
                n += model.probability(z) >= probability ? 1 : 0;
            }
            return logOdds.length == 0 ? 0 : (double) n / logOdds.length;
        }
    }

    private Trainer() {
    }

    /** Trains and calibrates a model (see the class description); needs at least two messages of each label. */
    public static Result train(List<? extends Collection<String>> spam, List<? extends Collection<String>> ham, Options options) {
        if (spam.size() < 2 || ham.size() < 2) {
            throw new IllegalArgumentException("Training needs at least two spam and two legitimate messages; got "
                    + spam.size() + " spam and " + ham.size() + " legitimate");
        }
        Set<String> vocabulary = vocabulary(countAll(spam, ham), options);
        SpamModel even = count(fold(spam, 0), fold(ham, 0), vocabulary);
        SpamModel odd = count(fold(spam, 1), fold(ham, 1), vocabulary);
        double[] spamZ = outOfFold(spam, even, odd);
        double[] hamZ = outOfFold(ham, even, odd);
        double[] platt = platt(spamZ, hamZ);
        SpamModel model = count(spam, ham, vocabulary).calibrated(platt[0], platt[1]);
        return new Result(model, spamZ, hamZ);
    }

    /**
     * Counts a model over {@code vocabulary} (every token when {@code null}), uncalibrated (slope 1,
     * intercept 0).
     */
    public static SpamModel count(List<? extends Collection<String>> spam, List<? extends Collection<String>> ham, Set<String> vocabulary) {
        Map<String, int[]> counts = new HashMap<>();
        add(spam, 0, counts, vocabulary);
        add(ham, 1, counts, vocabulary);
        if (vocabulary != null) {
            for (String t : vocabulary) {
                counts.computeIfAbsent(t, k -> new int[2]);
            }
        }
        return new SpamModel(spam.size(), ham.size(), SMOOTHING, 1, 0, counts);
    }

    private static Map<String, int[]> countAll(List<? extends Collection<String>> spam, List<? extends Collection<String>> ham) {
        Map<String, int[]> counts = new HashMap<>();
        add(spam, 0, counts, null);
        add(ham, 1, counts, null);
        return counts;
    }

    private static void add(List<? extends Collection<String>> messages, int label, Map<String, int[]> counts, Set<String> vocabulary) {
        for (Collection<String> tokens : messages) {
            for (String t : Set.copyOf(tokens)) {
                if (vocabulary == null || vocabulary.contains(t)) {
                    counts.computeIfAbsent(t, k -> new int[2])[label]++;
                }
            }
        }
    }

    private static Set<String> vocabulary(Map<String, int[]> counts, Options options) {
        Map<String, int[]> frequent = new HashMap<>();
        counts.forEach((t, c) -> {
            if (c[0] + c[1] >= options.minCount()) {
                frequent.put(t, c);
            }
        });
        if (frequent.size() <= options.maxTokens()) {
            return Set.copyOf(frequent.keySet());
        }
        SpamModel all = new SpamModel(1, 1, SMOOTHING, 1, 0, frequent);
        List<String> ranked = new ArrayList<>(frequent.keySet());
        ranked.sort(Comparator.comparingDouble((String t) -> -Math.abs(all.weight(t)) * (frequent.get(t)[0] + frequent.get(t)[1]))
                .thenComparing(Comparator.naturalOrder()));
        return Set.copyOf(ranked.subList(0, options.maxTokens()));
    }

    private static <T> List<T> fold(List<T> messages, int parity) {
        List<T> out = new ArrayList<>();
        for (int i = parity; i < messages.size(); i += 2) {
            out.add(messages.get(i));
        }
        return out;
    }

    /** Log-odds of each message by the model that was not counted on it. */
    private static double[] outOfFold(List<? extends Collection<String>> messages, SpamModel even, SpamModel odd) {
        double[] z = new double[messages.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i % 2 == 0 ? odd : even).logOdds(messages.get(i));
        }
        return z;
    }

    /**
     * Platt scaling: the slope and intercept of {@code P(spam | z) = 1 / (1 + exp(-(slope z + intercept)))}
     * that maximise the likelihood of the labels, with Platt's smoothed targets, by Newton's method.
     */
    static double[] platt(double[] spamZ, double[] hamZ) {
        int n = spamZ.length + hamZ.length;
        double[] z = new double[n];
        double[] target = new double[n];
        double hi = (spamZ.length + 1.0) / (spamZ.length + 2.0);
        double lo = 1.0 / (hamZ.length + 2.0);
        for (int i = 0; i < spamZ.length; i++) {
            z[i] = spamZ[i];
            target[i] = hi;
        }
        for (int i = 0; i < hamZ.length; i++) {
            z[spamZ.length + i] = hamZ[i];
            target[spamZ.length + i] = lo;
        }
        double a = 0;
        double b = Math.log((spamZ.length + 1.0) / (hamZ.length + 1.0));
        double loss = loss(z, target, a, b);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < n; i++) {
                double p = sigmoid(a * z[i] + b);
                double d = p - target[i];
                double w = p * (1 - p);
                ga += d * z[i];
                gb += d;
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (det <= 0) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            double step = 1;
            double next = loss(z, target, a - da, b - db);
            while (next > loss && step > 1e-8) {
                step /= 2;
                next = loss(z, target, a - step * da, b - step * db);
            }
            if (next > loss) {
                break;
            }
            a -= step * da;
            b -= step * db;
            boolean converged = loss - next < 1e-10;
            loss = next;
            if (converged) {
                break;
            }
        }
        return new double[] {a, b};
    }

    private static double loss(double[] z, double[] target, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double s = a * z[i] + b;
            // -[t log p + (1 - t) log(1 - p)] with p = sigmoid(s), written to stay finite for large |s|
            sum += Math.max(s, 0) - target[i] * s + Math.log1p(Math.exp(-Math.abs(s)));
        }
        return sum;
    }

    private static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }
}
