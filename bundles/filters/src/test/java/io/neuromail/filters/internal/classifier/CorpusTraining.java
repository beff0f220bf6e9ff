package io.neuromail.filters.internal.classifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Trains and evaluates the shipped classifier model on the SpamAssassin public corpus
 * ({@code bench/filters/corpora/fetch.sh}); {@code bench/filters/train.sh} runs it. Odd-numbered
 * messages are kept for acceptance: training and tuning read even-numbered ones only.
 * <ul>
 * <li>{@code train <corpus> <model> [hard-ham-weight]}: trains on every even-numbered message and
 * writes the model.</li>
 * <li>{@code tune <corpus> [hard-ham-weight...]}: for each weight, two folds over the even-numbered
 * messages (trained on those numbered 2 mod 4, scoring those numbered 0 mod 4, and the other way
 * round) and, per probability threshold, how much of them it flags.</li>
 * <li>{@code accept <corpus> <model> <probability>}: how much of the odd-numbered messages the model
 * flags at that probability.</li>
 * </ul>
 * Hard ham (legitimate commercial mail) counts {@link #HARD_HAM_WEIGHT} times in the shipped model
 * unless another weight is given.
 */
public final class CorpusTraining {

    static final List<String> SPAM = List.of("spam", "spam_2");
    static final List<String> EASY_HAM = List.of("easy_ham", "easy_ham_2");
    static final List<String> HARD_HAM = List.of("hard_ham");
    static final double[] THRESHOLDS = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99};
    /** How many times each hard-ham message counts in the shipped model (chosen on the tuning split). */
    public static final int HARD_HAM_WEIGHT = 5;

    private CorpusTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args[1]);
        switch (args[0]) {
            case "train" -> train(corpus, Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : HARD_HAM_WEIGHT);
            case "tune" -> {
                if (args.length == 2) {
                    tune(corpus, HARD_HAM_WEIGHT);
                }
                for (int i = 2; i < args.length; i++) {
                    tune(corpus, Integer.parseInt(args[i]));
                }
            }
            case "curve" -> curve(corpus, Integer.parseInt(args[2]));
            case "accept" -> accept(corpus, Path.of(args[2]), Double.parseDouble(args[3]));
            default -> throw new IllegalArgumentException("train, tune or accept");
        }
    }

    private static void train(Path corpus, Path out, int hardHamWeight) throws IOException {
        IntPredicate even = n -> n % 2 == 0;
        LabelledMail spam = read(corpus, SPAM, even);
        LabelledMail easy = read(corpus, EASY_HAM, even);
        LabelledMail hard = read(corpus, HARD_HAM, even);
        Trainer.Result result = Trainer.train(groups(spam, easy, hard, hardHamWeight), Trainer.Options.DEFAULTS);
        SpamModel model = result.model();
        int ham = easy.tokens().size() + hard.tokens().size();
        model.save(out, List.of(
                "NeuroMail spam classifier model (see ClassifierFilter and SpamModel for the format).",
                "Trained by bench/filters/train.sh on the even-numbered messages of the SpamAssassin public corpus",
                "(spam, spam_2 against easy_ham, easy_ham_2, hard_ham; contents CC0 1.0): " + spam.tokens().size() + " spam, "
                        + ham + " legitimate, " + (spam.skipped() + easy.skipped() + hard.skipped()) + " unreadable skipped.",
                "Options: tokens seen in at least " + Trainer.Options.DEFAULTS.minCount() + " messages, at most "
                        + Trainer.Options.DEFAULTS.maxTokens() + " tokens; each of the " + hard.tokens().size()
                        + " hard-ham (commercial) messages counted " + hardHamWeight + " times.",
                "Retrain with neuromail:classifier-train."));
        System.out.printf(Locale.ROOT, "trained on %d spam, %d legitimate (%d hard ham, weight %d; %d skipped): %d tokens, calibration %.4f %.4f -> %s (%d bytes)%n",
                spam.tokens().size(), ham, hard.tokens().size(), hardHamWeight, spam.skipped() + easy.skipped() + hard.skipped(), model.size(),
                model.slope(), model.intercept(), out, Files.size(out));
    }

    /** A model trained on the messages numbered {@code trainedOn} (0 or 2) mod 4, for tuning on the other even-numbered ones. */
    public static SpamModel tuningModel(Path corpus, int hardHamWeight, int trainedOn) throws IOException {
        IntPredicate train = n -> n % 4 == trainedOn;
        return Trainer.train(groups(read(corpus, SPAM, train), read(corpus, EASY_HAM, train), read(corpus, HARD_HAM, train), hardHamWeight),
                Trainer.Options.DEFAULTS).model();
    }

    private static List<Trainer.Group> groups(LabelledMail spam, LabelledMail easy, LabelledMail hard, int hardHamWeight) {
        return List.of(Trainer.Group.spam(spam.tokens()), Trainer.Group.ham(easy.tokens(), 1), Trainer.Group.ham(hard.tokens(), hardHamWeight));
    }

    /**
     * Two folds over the even-numbered messages: those numbered 0 mod 4 scored by a model trained on
     * those numbered 2 mod 4, and the other way round; the shares flagged are over both.
     */
    private static void tune(Path corpus, int hardHamWeight) throws IOException {
        double[][] probabilities = new double[3][];
        int[] sizes = new int[3];
        int tokens = 0;
        for (int trainedOn : new int[] {2, 0}) {
            SpamModel model = tuningModel(corpus, hardHamWeight, trainedOn);
            tokens += model.size();
            IntPredicate held = n -> n % 4 == (trainedOn + 2) % 4;
            List<LabelledMail> classes = List.of(read(corpus, SPAM, held), read(corpus, EASY_HAM, held), read(corpus, HARD_HAM, held));
            for (int c = 0; c < 3; c++) {
                double[] p = classes.get(c).tokens().stream().mapToDouble(t -> model.probability(model.logOdds(t))).toArray();
                probabilities[c] = probabilities[c] == null ? p : concat(probabilities[c], p);
                sizes[c] += p.length;
            }
        }
        System.out.printf(Locale.ROOT, "== tuning: hard ham weight %d; even-numbered messages, those numbered 0 mod 4 scored by a model trained on"
                + " those numbered 2 mod 4 and the other way round (%d tokens on average)%n", hardHamWeight, tokens / 2);
        System.out.printf(Locale.ROOT, "messages: spam %d, easy ham %d, hard ham %d%n", sizes[0], sizes[1], sizes[2]);
        System.out.printf(Locale.ROOT, "%-11s %12s %16s %16s%n", "probability", "spam flagged", "easy ham flagged", "hard ham flagged");
        for (double t : THRESHOLDS) {
            System.out.printf(Locale.ROOT, "%-11s %11.1f%% %15.1f%% %15.1f%%%n", t,
                    100 * share(probabilities[0], t), 100 * share(probabilities[1], t), 100 * share(probabilities[2], t));
        }
    }

    /**
     * How the share flagged moves with more training data: models trained on the messages numbered
     * 2 mod 8 and on those numbered 2 mod 4 (twice as many), both scoring those numbered 0 mod 4.
     */
    private static void curve(Path corpus, int hardHamWeight) throws IOException {
        IntPredicate held = n -> n % 4 == 0;
        LabelledMail spam = read(corpus, SPAM, held);
        LabelledMail easy = read(corpus, EASY_HAM, held);
        LabelledMail hard = read(corpus, HARD_HAM, held);
        for (int every : new int[] {8, 4}) {
            IntPredicate train = n -> n % every == 2;
            SpamModel model = Trainer.train(groups(read(corpus, SPAM, train), read(corpus, EASY_HAM, train), read(corpus, HARD_HAM, train), hardHamWeight),
                    Trainer.Options.DEFAULTS).model();
            System.out.printf(Locale.ROOT, "== hard ham weight %d, trained on the messages numbered 2 mod %d, scoring those numbered 0 mod 4%n", hardHamWeight, every);
            print(model, spam, easy, hard, THRESHOLDS);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double share(double[] probabilities, double threshold) {
        return probabilities.length == 0 ? 0 : (double) java.util.Arrays.stream(probabilities).filter(p -> p >= threshold).count() / probabilities.length;
    }

    private static void accept(Path corpus, Path modelFile, double probability) throws IOException {
        SpamModel model = SpamModel.parse(Files.readAllLines(modelFile, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        IntPredicate odd = n -> n % 2 == 1;
        System.out.printf(Locale.ROOT, "== acceptance: %s on the odd-numbered messages%n", modelFile);
        print(model, read(corpus, SPAM, odd), read(corpus, EASY_HAM, odd), read(corpus, HARD_HAM, odd), new double[] {probability});
    }

    private static void print(SpamModel model, LabelledMail spam, LabelledMail easy, LabelledMail hard, double[] thresholds) {
        System.out.printf(Locale.ROOT, "messages: spam %d, easy ham %d, hard ham %d (unreadable skipped: %d, %d, %d)%n",
                spam.tokens().size(), easy.tokens().size(), hard.tokens().size(), spam.skipped(), easy.skipped(), hard.skipped());
        System.out.printf(Locale.ROOT, "%-11s %12s %16s %16s%n", "probability", "spam flagged", "easy ham flagged", "hard ham flagged");
        for (double t : thresholds) {
            System.out.printf(Locale.ROOT, "%-11s %11.1f%% %15.1f%% %15.1f%%%n", t,
                    100 * flagged(model, spam.tokens(), t), 100 * flagged(model, easy.tokens(), t), 100 * flagged(model, hard.tokens(), t));
        }
    }

    private static double flagged(SpamModel model, List<Set<String>> messages, double threshold) {
        int n = 0;
        for (Set<String> tokens : messages) {
            n += model.probability(model.logOdds(tokens)) >= threshold ? 1 : 0;
        }
        return messages.isEmpty() ? 0 : (double) n / messages.size();
    }

    private static LabelledMail read(Path corpus, List<String> groups, IntPredicate number) throws IOException {
        List<Set<String>> tokens = new ArrayList<>();
        int skipped = 0;
        for (String group : groups) {
            LabelledMail mail = LabelledMail.read(corpus.resolve(group), name -> name.matches("\\d{1,9}\\.eml")
                    && number.test(Integer.parseInt(name.substring(0, name.length() - 4))));
            tokens.addAll(mail.tokens());
            skipped += mail.skipped();
        }
        return new LabelledMail(tokens, skipped);
    }
}
