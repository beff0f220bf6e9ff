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
 * <li>{@code train <corpus> <model>}: trains on every even-numbered message and writes the model.</li>
 * <li>{@code tune <corpus>}: trains on the messages numbered 2 mod 4 and prints, per probability
 * threshold, how much of the messages numbered 0 mod 4 it flags.</li>
 * <li>{@code accept <corpus> <model> <probability>}: how much of the odd-numbered messages the model
 * flags at that probability.</li>
 * </ul>
 */
public final class CorpusTraining {

    static final List<String> SPAM = List.of("spam", "spam_2");
    static final List<String> EASY_HAM = List.of("easy_ham", "easy_ham_2");
    static final List<String> HARD_HAM = List.of("hard_ham");
    static final double[] THRESHOLDS = {0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999};

    private CorpusTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args[1]);
        switch (args[0]) {
            case "train" -> train(corpus, Path.of(args[2]));
            case "tune" -> tune(corpus);
            case "accept" -> accept(corpus, Path.of(args[2]), Double.parseDouble(args[3]));
            default -> throw new IllegalArgumentException("train, tune or accept");
        }
    }

    private static void train(Path corpus, Path out) throws IOException {
        IntPredicate even = n -> n % 2 == 0;
        LabelledMail spam = read(corpus, SPAM, even);
        LabelledMail easy = read(corpus, EASY_HAM, even);
        LabelledMail hard = read(corpus, HARD_HAM, even);
        List<Set<String>> ham = new ArrayList<>(easy.tokens());
        ham.addAll(hard.tokens());
        Trainer.Result result = Trainer.train(spam.tokens(), ham, Trainer.Options.DEFAULTS);
        SpamModel model = result.model();
        model.save(out, List.of(
                "NeuroMail spam classifier model (see ClassifierFilter and SpamModel for the format).",
                "Trained by bench/filters/train.sh on the even-numbered messages of the SpamAssassin public corpus",
                "(spam, spam_2 against easy_ham, easy_ham_2, hard_ham; contents CC0 1.0): " + spam.tokens().size() + " spam, "
                        + ham.size() + " legitimate, " + (spam.skipped() + easy.skipped() + hard.skipped()) + " unreadable skipped.",
                "Options: tokens seen in at least " + Trainer.Options.DEFAULTS.minCount() + " messages, at most "
                        + Trainer.Options.DEFAULTS.maxTokens() + " tokens. Retrain with neuromail:classifier-train."));
        System.out.printf(Locale.ROOT, "trained on %d spam, %d legitimate (%d skipped): %d tokens, calibration %.4f %.4f -> %s (%d bytes)%n",
                spam.tokens().size(), ham.size(), spam.skipped() + easy.skipped() + hard.skipped(), model.size(), model.slope(), model.intercept(),
                out, Files.size(out));
    }

    private static void tune(Path corpus) throws IOException {
        IntPredicate train = n -> n % 4 == 2;
        IntPredicate held = n -> n % 4 == 0;
        LabelledMail spam = read(corpus, SPAM, train);
        List<Set<String>> ham = new ArrayList<>(read(corpus, EASY_HAM, train).tokens());
        ham.addAll(read(corpus, HARD_HAM, train).tokens());
        SpamModel model = Trainer.train(spam.tokens(), ham, Trainer.Options.DEFAULTS).model();
        System.out.printf(Locale.ROOT, "== tuning: trained on messages numbered 2 mod 4 (%d spam, %d legitimate, %d tokens), held out 0 mod 4%n",
                spam.tokens().size(), ham.size(), model.size());
        print(model, read(corpus, SPAM, held), read(corpus, EASY_HAM, held), read(corpus, HARD_HAM, held), THRESHOLDS);
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
