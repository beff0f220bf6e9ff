package io.neuromail.filters.internal.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.neuromail.filters.internal.builtin.ClassifierFilter;
import io.neuromail.filters.internal.classifier.LabelledMail;
import io.neuromail.filters.internal.classifier.Trainer;
import io.neuromail.filters.internal.text.RuleFile;

/**
 * {@code neuromail:classifier-train [--out file] [--newsletters dir [--newsletter-weight n]] <spam-dir> <ham-dir>}:
 * trains the spam classifier on the operator's own labelled mail (raw messages, one a file) and
 * writes the model, by default over the one the classifier uses, which picks it up within a second.
 * Legitimate commercial mail (newsletters the recipients asked for) given apart counts several times,
 * so that the model is slower to take marketing wording for spam.
 */
@Command(scope = "neuromail", name = "classifier-train", description = "Trains the spam classifier from a folder of spam and a folder of legitimate raw messages (.eml) and writes its model")
@Service
public class TrainClassifierCommand implements Action {

    /** Weight of each newsletter, as the shipped model counts the commercial legitimate mail of its corpus. */
    static final int DEFAULT_NEWSLETTER_WEIGHT = 5;

    @Argument(index = 0, name = "spam-dir", description = "Folder of spam, one raw message a file", required = true)
    @Completion(FileCompleter.class)
    String spamDir;

    @Argument(index = 1, name = "ham-dir", description = "Folder of legitimate mail, one raw message a file", required = true)
    @Completion(FileCompleter.class)
    String hamDir;

    @Option(name = "-o", aliases = "--out", description = "Model file to write (default: etc/" + ClassifierFilter.MODEL_FILE + ", the one the classifier reads)")
    @Completion(FileCompleter.class)
    String out;

    @Option(name = "--newsletters", description = "Folder of legitimate commercial mail (newsletters the recipients asked for), one raw message a file;"
            + " each counts --newsletter-weight times")
    @Completion(FileCompleter.class)
    String newslettersDir;

    @Option(name = "--newsletter-weight", description = "How many times each message of --newsletters counts, 1 to 100 (default "
            + DEFAULT_NEWSLETTER_WEIGHT + ", as in the shipped model)")
    int newsletterWeight = DEFAULT_NEWSLETTER_WEIGHT;

    @Option(name = "--min-count", description = "Keep words seen in at least this many messages (default 2)")
    private int minCount = Trainer.Options.DEFAULTS.minCount();

    @Option(name = "--max-tokens", description = "Keep at most this many words, those that weigh most (default 20000)")
    private int maxTokens = Trainer.Options.DEFAULTS.maxTokens();

    @Override
    public Object execute() throws IOException {
        Path target = out == null ? RuleFile.resolve(ClassifierFilter.MODEL_FILE) : Path.of(out).toAbsolutePath();
        LabelledMail spam = LabelledMail.read(Path.of(spamDir), name -> true);
        LabelledMail ham = LabelledMail.read(Path.of(hamDir), name -> true);
        LabelledMail newsletters = newslettersDir == null ? new LabelledMail(List.of(), 0) : LabelledMail.read(Path.of(newslettersDir), name -> true);
        System.out.printf(Locale.ROOT, "Read %d spam (%d unreadable skipped) and %d legitimate messages (%d unreadable skipped)%n",
                spam.tokens().size(), spam.skipped(), ham.tokens().size(), ham.skipped());
        if (newslettersDir != null) {
            System.out.printf(Locale.ROOT, "Read %d newsletters (%d unreadable skipped), each counted %d times%n",
                    newsletters.tokens().size(), newsletters.skipped(), newsletterWeight);
        }
        Trainer.Result result;
        try {
            result = Trainer.train(List.of(Trainer.Group.spam(spam.tokens()), Trainer.Group.ham(ham.tokens(), 1),
                    Trainer.Group.ham(newsletters.tokens(), newsletterWeight)), new Trainer.Options(minCount, maxTokens));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return null;
        }
        result.model().save(target, List.of(
                "NeuroMail spam classifier model, written by neuromail:classifier-train on " + LocalDate.now(ZoneOffset.UTC),
                "from " + spam.tokens().size() + " spam in " + spamDir + " and " + ham.tokens().size() + " legitimate messages in " + hamDir
                        + (newslettersDir == null ? "" : " and " + newsletters.tokens().size() + " newsletters in " + newslettersDir) + ".",
                "Options: --min-count " + minCount + " --max-tokens " + maxTokens
                        + (newslettersDir == null ? "" : " --newsletter-weight " + newsletterWeight) + "."));
        System.out.printf(Locale.ROOT, "Wrote %s: %d words, calibration slope %.4f intercept %.4f%n", target, result.model().size(),
                result.model().slope(), result.model().intercept());
        System.out.println("Cross-validated (two folds), share flagged:");
        for (double p : new double[] {0.3, 0.5, 0.7, 0.9, 0.95, 0.99}) {
            double[] flagged = result.flagged(p);
            System.out.printf(Locale.ROOT, "  from probability %.2f: spam %5.1f %%, legitimate %5.1f %%%s%n", p, 100 * flagged[0], 100 * flagged[1],
                    newslettersDir == null ? "" : String.format(Locale.ROOT, ", newsletters %5.1f %%", 100 * flagged[2]));
        }
        return null;
    }
}
