package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.FilterService;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filters.internal.classifier.SpamModel;
import io.neuromail.filters.internal.classifier.SpamModel.Contribution;
import io.neuromail.filters.internal.classifier.Tokens;
import io.neuromail.filters.internal.text.RuleFile;

/**
 * A statistical spam classifier: a naive Bayes model trained on labelled mail
 * ({@code etc/neuromail/filters/classifier-model.txt}, see {@link SpamModel}) gives the probability
 * that the message is spam, and the words that pushed it there most. From {@code warnProbability}
 * on, it warns; it never blocks and adds nothing to the score, so it cannot make a message blocked
 * on its own or together with the other filters.
 */
@Component(service = ContentFilter.class, configurationPid = ClassifierFilter.PID)
@Designate(ocd = ClassifierFilter.Config.class)
@FilterService(name = "classifier", description = "Statistical spam classifier (naive Bayes): spam probability and the words that weigh most", order = 450)
public class ClassifierFilter implements ContentFilter {

    static final String PID = "io.neuromail.filters.classifier";
    /** The model file the classifier reads by default, relative to Karaf's {@code etc/}. */
    public static final String MODEL_FILE = "neuromail/filters/classifier-model.txt";
    static final String BUNDLED_MODEL = "io/neuromail/filters/rules/classifier-model.txt";

    /** Configuration PID {@value #PID}. */
    @ObjectClassDefinition(name = "NeuroMail spam classifier", description = "A statistical spam classifier trained on labelled mail")
    public @interface Config {
        @AttributeDefinition(name = "Model file", description = "The trained model (neuromail:classifier-train writes one); relative to etc/. Reloaded when it changes")
        String modelFile() default MODEL_FILE;

        @AttributeDefinition(name = "Warn from probability", description = "Spam probability from which the classifier warns (0 to 1)")
        double warnProbability() default 0.5;

        @AttributeDefinition(name = "Report from probability", description = "Spam probability from which the classifier reports its estimate and the words that weigh most, without warning (0 to 1)")
        double reportProbability() default 0.3;

        @AttributeDefinition(name = "Words shown", description = "How many of the words that push the message towards spam are reported")
        int topTokens() default 5;

        @AttributeDefinition(name = "Fewest known words", description = "A message with fewer words the model knows is too short to rate: the classifier reports its estimate but does not warn")
        int minKnownWords() default 10;
    }

    private volatile Config config;
    private volatile RuleFile<SpamModel> model;

    @Activate
    @Modified
    void configure(Config c) {
        if (!(c.warnProbability() >= 0 && c.warnProbability() <= 1 && c.reportProbability() >= 0 && c.reportProbability() <= 1)) {
            throw new IllegalArgumentException("warnProbability and reportProbability must be between 0 and 1");
        }
        this.config = c;
        this.model = new RuleFile<>(RuleFile.resolve(c.modelFile()), BUNDLED_MODEL, SpamModel::parse);
    }

    @Override
    public List<Finding> check(Message message) {
        Config c = config;
        SpamModel.Score score = model.get().score(Tokens.of(message), Math.max(0, Math.min(c.topTokens(), 50)));
        double p = score.probability();
        if (p < c.reportProbability() && p < c.warnProbability()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        String text = String.format(Locale.ROOT, "The spam classifier rates this message spam with a probability of %s", percent(p));
        if (score.knownTokens() < c.minKnownWords()) {
            // A receipt of a few words gives the model too little to go on: its estimate is mostly the prior.
            findings.add(Finding.of("classifier.too-short", 0, text + ", from only " + score.knownTokens()
                    + " words it knows, too few to warn about", Location.message()));
            return findings;
        }
        findings.add(p >= c.warnProbability()
                ? Finding.warn("classifier.spam", 0, text + " (it warns from " + percent(c.warnProbability()) + ")", Location.message())
                : Finding.of("classifier.likely-spam", 0, text + " (it warns from " + percent(c.warnProbability()) + ")", Location.message()));
        for (Contribution token : score.contributions()) {
            findings.add(Finding.of("classifier.token", 0, String.format(Locale.ROOT, "%s makes spam more likely (log-odds +%.2f)",
                    describe(token.token()), token.value()), locate(message, token.token())));
        }
        return findings;
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, p > 0.999 ? "%.2f %%" : "%.1f %%", p * 100);
    }

    private static String describe(String token) {
        if (token.startsWith(Tokens.SUBJECT)) {
            return "\u201c" + token.substring(Tokens.SUBJECT.length()) + "\u201d in the subject";
        }
        if (token.startsWith(Tokens.HOST)) {
            return "A link to " + token.substring(Tokens.HOST.length());
        }
        return "\u201c" + token + "\u201d";
    }

    /** Where a token first occurs as a whole word: in the subject, a link, or the visible text. */
    static Location locate(Message message, String token) {
        if (token.startsWith(Tokens.SUBJECT)) {
            String word = token.substring(Tokens.SUBJECT.length());
            int at = wordAt(message.lowerSubject(), word);
            return Location.subject(at < 0 ? word : message.subject().substring(at, at + word.length()));
        }
        if (token.startsWith(Tokens.HOST)) {
            String domain = token.substring(Tokens.HOST.length());
            for (Link link : message.links()) {
                if (link.host().equals(domain) || link.host().endsWith("." + domain)) {
                    return Location.link(link.url());
                }
            }
            return Location.message();
        }
        int at = wordAt(message.lowerText(), token);
        if (at < 0) {
            // only in the plain-text part, which the reader of the HTML part does not see
            return Location.body(token, null);
        }
        return Location.body(message.visibleText().substring(at, at + token.length()), message.excerpt(at, at + token.length()));
    }

    /** The first position of {@code word} in {@code text} that is not inside a longer word, or -1. */
    private static int wordAt(String text, String word) {
        int limit = Math.min(text.length(), Tokens.MAX_CHARS);
        for (int at = text.indexOf(word); at >= 0 && at + word.length() <= limit; at = text.indexOf(word, at + 1)) {
            int end = at + word.length();
            if ((at == 0 || !Tokens.isWordChar(text.charAt(at - 1))) && (end == text.length() || !Tokens.isWordChar(text.charAt(end)))) {
                return at;
            }
        }
        return -1;
    }
}
