package io.neuromail.filters.internal.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a {@link SpamModel} from labelled messages, each given as its distinct tokens
 * ({@link Tokens#of}), in groups that may each count their messages more than once.
 * <ol>
 * <li>Counts in how many spam and legitimate messages each token occurs, a message of a group of
 * weight {@code w} counting {@code w} times, as if it were there {@code w} times. Weighting a kind of
 * legitimate mail (commercial newsletters the recipients asked for, which look like spam more than
 * personal mail does) makes the model less quick to call that kind spam.</li>
 * <li>Prunes: keeps tokens seen in at least {@code minCount} messages (and that a model file can
 * hold: see {@link SpamModel#writable}), and of those the
 * {@code maxTokens} that weigh most over the training set (|weight| times weighted messages seen in).</li>
 * <li>Calibrates with two folds: the messages at even and at odd positions of each group. A model
 * counted on one fold scores the other, and a logistic fit of the labels on those out-of-fold
 * log-odds (Platt scaling, each message weighted like its group) gives the calibration of the model
 * counted on all messages.</li>
 * </ol>
 * Everything is deterministic: the same groups in the same order give the same model.
 */
public final class Trainer {

    /** Smoothing of the token counts (Laplace). */
    public static final double SMOOTHING = 1.0;
    /** Largest weight of a group. */
    public static final int MAX_WEIGHT = 100;

    /** How a model is trained. */
    public record Options(int minCount, int maxTokens) {
        public static final Options DEFAULTS = new Options(2, 20_000);

        public Options {
            if (minCount < 1 || maxTokens < 1) {
                throw new IllegalArgumentException("minCount and maxTokens must be at least 1");
            }
        }
    }

    /**
     * Training messages of one label.
     *
     * @param spam     whether they are spam
     * @param messages each message's distinct tokens
     * @param weight   how many times each message counts, 1 to {@value #MAX_WEIGHT}
     */
    public record Group(boolean spam, List<? extends Collection<String>> messages, int weight) {
        public Group {
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("A weight is between 1 and " + MAX_WEIGHT + "; got " + weight);
            }
            messages = List.copyOf(messages);
        }

        public static Group spam(List<? extends Collection<String>> messages) {
            return new Group(true, messages, 1);
        }

        public static Group ham(List<? extends Collection<String>> messages, int weight) {
            return new Group(false, messages, weight);
        }
    }

    /**
     * A trained model and, per group in the order given, its messages' out-of-fold log-odds, which
     * tell how well it generalises.
     */
    public record Result(SpamModel model, List<double[]> logOdds) {

        public Result {
            logOdds = List.copyOf(logOdds);
        }

        /** Per group, the share of its messages that out-of-fold scoring puts at or above {@code probability}. */
        public double[] flagged(double probability) {
            double[] shares = new double[logOdds.size()];
            for (int g = 0; g < shares.length; g++) {
                int n = 0;
                for (double z : logOdds.get(g)) {
                    n += model.probability(z) >= probability ? 1 : 0;
                }
                shares[g] = logOdds.get(g).length == 0 ? 0 : (double) n / logOdds.get(g).length;
            }
            return shares;
        }
    }

    private Trainer() {
    }

    /** Trains and calibrates a model on spam and legitimate mail, each message counted once. */
    public static Result train(List<? extends Collection<String>> spam, List<? extends Collection<String>> ham, Options options) {
        return train(List.of(Group.spam(spam), Group.ham(ham, 1)), options);
    }

    /**
     * Trains and calibrates a model (see the class description); needs at least two messages of
     * each label.
     */
    public static Result train(List<Group> groups, Options options) {
        int spam = groups.stream().filter(Group::spam).mapToInt(g -> g.messages().size()).sum();
        int ham = groups.stream().filter(g -> !g.spam()).mapToInt(g -> g.messages().size()).sum();
        if (spam < 2 || ham < 2) {
            throw new IllegalArgumentException("Training needs at least two spam and two legitimate messages; got "
                    + spam + " spam and " + ham + " legitimate");
        }
        Set<String> vocabulary = vocabulary(groups, options);
        SpamModel even = count(groups, 0, vocabulary);
        SpamModel odd = count(groups, 1, vocabulary);
        List<double[]> outOfFold = new ArrayList<>();
        for (Group g : groups) {
            outOfFold.add(outOfFold(g.messages(), even, odd));
        }
        double[] platt = platt(groups, outOfFold);
        SpamModel model = count(groups, -1, vocabulary).calibrated(platt[0], platt[1]);
        return new Result(model, outOfFold);
    }

    /**
     * Counts a model over {@code vocabulary} (every token when {@code null}), uncalibrated (slope 1,
     * intercept 0), each message counted once.
     */
    public static SpamModel count(List<? extends Collection<String>> spam, List<? extends Collection<String>> ham, Set<String> vocabulary) {
        return count(List.of(Group.spam(spam), Group.ham(ham, 1)), -1, vocabulary);
    }

    /** Counts the messages of each group at positions of parity {@code fold} (all when -1), weighted. */
    private static SpamModel count(List<Group> groups, int fold, Set<String> vocabulary) {
        Map<String, int[]> counts = new HashMap<>();
        int[] messages = new int[2];
        for (Group g : groups) {
            int label = g.spam() ? 0 : 1;
            List<? extends Collection<String>> list = g.messages();
            for (int i = fold < 0 ? 0 : fold; i < list.size(); i += fold < 0 ? 1 : 2) {
                messages[label] += g.weight();
                for (String t : Set.copyOf(list.get(i))) {
                    if (vocabulary == null || vocabulary.contains(t)) {
                        counts.computeIfAbsent(t, k -> new int[2])[label] += g.weight();
                    }
                }
            }
        }
        if (vocabulary != null) {
            for (String t : vocabulary) {
                counts.computeIfAbsent(t, k -> new int[2]);
            }
        }
        return new SpamModel(messages[0], messages[1], SMOOTHING, 1, 0, counts);
    }

    private static Set<String> vocabulary(List<Group> groups, Options options) {
        Map<String, Integer> seenIn = new HashMap<>();
        for (Group g : groups) {
            for (Collection<String> tokens : g.messages()) {
                for (String t : Set.copyOf(tokens)) {
                    seenIn.merge(t, 1, Integer::sum);
                }
            }
        }
        Map<String, int[]> weighted = count(groups, -1, null).counts();
        Map<String, int[]> frequent = new HashMap<>();
        weighted.forEach((t, c) -> {
            if (seenIn.get(t) >= options.minCount() && SpamModel.writable(t)) {
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

    /** Log-odds of each message by the model that was not counted on it. */
    private static double[] outOfFold(List<? extends Collection<String>> messages, SpamModel even, SpamModel odd) {
        double[] z = new double[messages.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i % 2 == 0 ? odd : even).logOdds(messages.get(i));
        }
        return z;
    }

    private static double[] platt(List<Group> groups, List<double[]> outOfFold) {
        int spam = 0;
        int ham = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).spam()) {
                spam += outOfFold.get(g).length;
            } else {
                ham += outOfFold.get(g).length;
            }
        }
        double[] spamZ = new double[spam];
        double[] spamW = new double[spam];
        double[] hamZ = new double[ham];
        double[] hamW = new double[ham];
        int s = 0;
        int h = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (double z : outOfFold.get(g)) {
                if (groups.get(g).spam()) {
                    spamZ[s] = z;
                    spamW[s++] = groups.get(g).weight();
                } else {
                    hamZ[h] = z;
                    hamW[h++] = groups.get(g).weight();
                }
            }
        }
        return platt(spamZ, spamW, hamZ, hamW);
    }

    /** {@link #platt(double[], double[], double[], double[])} with every message weighing 1. */
    static double[] platt(double[] spamZ, double[] hamZ) {
        double[] spamW = new double[spamZ.length];
        double[] hamW = new double[hamZ.length];
        Arrays.fill(spamW, 1);
        Arrays.fill(hamW, 1);
        return platt(spamZ, spamW, hamZ, hamW);
    }

    /**
     * Platt scaling: the slope and intercept of {@code P(spam | z) = 1 / (1 + exp(-(slope z + intercept)))}
     * that maximise the weighted likelihood of the labels, with Platt's smoothed targets, by Newton's
     * method.
     */
    static double[] platt(double[] spamZ, double[] spamW, double[] hamZ, double[] hamW) {
        int n = spamZ.length + hamZ.length;
        double[] z = new double[n];
        double[] target = new double[n];
        double[] weight = new double[n];
        double spamTotal = Arrays.stream(spamW).sum();
        double hamTotal = Arrays.stream(hamW).sum();
        double hi = (spamTotal + 1.0) / (spamTotal + 2.0);
        double lo = 1.0 / (hamTotal + 2.0);
        for (int i = 0; i < spamZ.length; i++) {
            z[i] = spamZ[i];
            target[i] = hi;
            weight[i] = spamW[i];
        }
        for (int i = 0; i < hamZ.length; i++) {
            z[spamZ.length + i] = hamZ[i];
            target[spamZ.length + i] = lo;
            weight[spamZ.length + i] = hamW[i];
        }
        double a = 0;
        double b = Math.log((spamTotal + 1.0) / (hamTotal + 1.0));
        double loss = loss(z, target, weight, a, b);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < n; i++) {
                double p = sigmoid(a * z[i] + b);
                double d = weight[i] * (p - target[i]);
                double w = weight[i] * p * (1 - p);
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
            double next = loss(z, target, weight, a - da, b - db);
            while (next > loss && step > 1e-8) {
                step /= 2;
                next = loss(z, target, weight, a - step * da, b - step * db);
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

    private static double loss(double[] z, double[] target, double[] weight, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double s = a * z[i] + b;
            // -[t log p + (1 - t) log(1 - p)] with p = sigmoid(s), written to stay finite for large |s|
            sum += weight[i] * (Math.max(s, 0) - target[i] * s + Math.log1p(Math.exp(-Math.abs(s))));
        }
        return sum;
    }

    private static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }
}
