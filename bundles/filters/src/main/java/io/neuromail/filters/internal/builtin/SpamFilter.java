package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
import io.neuromail.filter.api.Part;
import io.neuromail.filters.internal.text.RuleFile;
import io.neuromail.filters.internal.text.WeightedPhrases;

/**
 * Spam wording and the layout tricks of spam: weighted phrases and patterns from
 * {@code etc/neuromail/filters/spam-words.txt}, an all-caps subject, excessive punctuation, hidden
 * text (and spam wording in it), image-only mail, a missing text part, URL shorteners and a missing
 * unsubscribe link. These are quality findings: they may warn, never block. Only the GTUBE test
 * string blocks.
 * <p>
 * The default scores follow how well each habit tells spam from legitimate commercial newsletters on
 * the tuning half of the SpamAssassin public corpus: habits newsletters share with spam (no text
 * part, hidden preheader text, no unsubscribe link in mail forwarded from a list) weigh little or
 * nothing, so that their sum alone does not warn about a newsletter.
 */
@Component(service = ContentFilter.class, configurationPid = SpamFilter.PID)
@Designate(ocd = SpamFilter.Config.class)
@FilterService(name = "spam", description = "Spam words and patterns, hidden text, image-only mail, URL shorteners, missing unsubscribe link", order = 100)
public class SpamFilter implements ContentFilter {

    static final String PID = "io.neuromail.filters.spam";

    /** Configuration PID {@value #PID}. */
    @ObjectClassDefinition(name = "NeuroMail spam filter", description = "Spam words and patterns and the layout tricks of spam")
    public @interface Config {
        @AttributeDefinition(name = "Rule file", description = "Weighted phrases and /patterns/, one '<score> <phrase>' a line; relative to etc/. Reloaded when it changes")
        String rulesFile() default "neuromail/filters/spam-words.txt";

        @AttributeDefinition(name = "All-caps subject", description = "Score of a subject written in capitals")
        double allCapsSubjectScore() default 2.5;

        @AttributeDefinition(name = "Excessive punctuation", description = "Score of runs like '!!!' or '?!?!' in the subject or text")
        double punctuationScore() default 1.0;

        @AttributeDefinition(name = "Hidden text", description = "Score of text hidden from the reader (zero size, invisible, same colour as the background)")
        double hiddenTextScore() default 0.5;

        @AttributeDefinition(name = "Hidden spam wording", description = "Score of spam words and patterns of the rule file in text hidden from the reader, added to the hidden-text score")
        double hiddenWordingScore() default 4.0;

        @AttributeDefinition(name = "Image-only mail", description = "Score of a mail with images and almost no text")
        double imageOnlyScore() default 3.0;

        @AttributeDefinition(name = "Words below which mail with images counts as image-only")
        int imageOnlyMinWords() default 25;

        @AttributeDefinition(name = "Missing text part", description = "Score of an HTML mail without a plain-text alternative (0: reported as advice only)")
        double missingTextPartScore() default 0;

        @AttributeDefinition(name = "URL shortener", description = "Score of a link through a URL shortener")
        double shortenerScore() default 0.5;

        @AttributeDefinition(name = "URL shorteners", description = "Hosts of URL shortening services")
        String[] shorteners() default {"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "rb.gy"};

        @AttributeDefinition(name = "Missing unsubscribe link", description = "Score of a mail with no unsubscribe link or List-Unsubscribe header")
        double missingUnsubscribeScore() default 0.5;
    }

    /** The Generic Test for Unsolicited Bulk Email: a message carrying it is a test that must be blocked. */
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    /** Hidden text read for spam wording at most; preheaders are far shorter. */
    static final int MAX_HIDDEN_CHARS = 10_000;

    private volatile Config config;
    private volatile Set<String> shorteners;
    private volatile RuleFile<WeightedPhrases> rules;

    @Activate
    @Modified
    void configure(Config c) {
        this.config = c;
        this.shorteners = Set.of(lower(c.shorteners()));
        this.rules = new RuleFile<>(RuleFile.resolve(c.rulesFile()), "io/neuromail/filters/rules/spam-words.txt", WeightedPhrases::parse);
    }

    @Override
    public List<Finding> check(Message message) {
        Config c = config;
        List<Finding> findings = new ArrayList<>();
        if (message.visibleText().contains(GTUBE) || (message.email().text() != null && message.email().text().contains(GTUBE))) {
            findings.add(Finding.block("spam.gtube", 0, "The message carries the GTUBE anti-spam test string", Location.body(GTUBE, null)));
        }
        for (PhraseFindings.Hit hit : PhraseFindings.hits(message, rules.get(), i -> false)) {
            findings.add(PhraseFindings.finding(message, hit, hit.rule().startsWith("/") ? "spam.pattern" : "spam.phrase", "Spam wording"));
        }
        if (allCaps(message.subject())) {
            findings.add(Finding.of("spam.all-caps-subject", c.allCapsSubjectScore(), "The subject is written in capitals", Location.subject(message.subject())));
        }
        String punctuation = excessivePunctuation(message.subject());
        boolean inSubject = punctuation != null;
        punctuation = inSubject ? punctuation : excessivePunctuation(message.visibleText());
        if (punctuation != null) {
            findings.add(Finding.of("spam.punctuation", c.punctuationScore(), "Excessive punctuation \u201c" + punctuation + "\u201d",
                    inSubject ? Location.subject(punctuation) : Location.body(punctuation, null)));
        }
        if (message.hiddenText().length() >= 12) {
            String hidden = message.hiddenText();
            findings.add(Finding.of("spam.hidden-text", c.hiddenTextScore(), "The HTML holds text the reader cannot see: \u201c"
                    + (hidden.length() > 80 ? hidden.substring(0, 80) + "…" : hidden) + "\u201d", new Location(Part.HTML, null, hidden.length() > 200 ? hidden.substring(0, 200) : hidden)));
            String wording = hiddenWording(hidden, rules.get());
            if (wording != null) {
                findings.add(Finding.of("spam.hidden-wording", c.hiddenWordingScore(), "The hidden text holds spam wording \u201c" + wording
                        + "\u201d: words the reader cannot see are there for filters", new Location(Part.HTML, wording, null)));
            }
        }
        if (message.images() > 0 && words(message.visibleText()) < c.imageOnlyMinWords()) {
            findings.add(Finding.of("spam.image-only", c.imageOnlyScore(), "The message is mostly images with little text", Location.message()));
        }
        if (message.hasHtml() && !message.hasTextPart()) {
            findings.add(Finding.of("spam.no-text-part", c.missingTextPartScore(), "The message has no plain-text part", Location.message()));
        }
        for (Link link : message.links()) {
            if (shorteners.contains(link.host())) {
                findings.add(Finding.of("spam.url-shortener", c.shortenerScore(), "Link through the URL shortener " + link.host() + " hides where it goes", Location.link(link.url())));
                break;
            }
        }
        if (!hasUnsubscribe(message)) {
            findings.add(Finding.of("spam.no-unsubscribe", c.missingUnsubscribeScore(), "The message has no unsubscribe link", Location.message()));
        }
        return findings;
    }

    /** The first spam phrase or pattern in the hidden text, as written there, or {@code null}. */
    static String hiddenWording(String hidden, WeightedPhrases rules) {
        String text = hidden.length() > MAX_HIDDEN_CHARS ? hidden.substring(0, MAX_HIDDEN_CHARS) : hidden;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() != text.length()) {
            // a few letters change length in lower case (U+0130); then the match is shown lower-cased
            text = lower;
        }
        int[] first = {-1, -1};
        rules.phrases().forEach(lower, m -> {
            if (first[0] < 0 || m.start() < first[0]) {
                first[0] = m.start();
                first[1] = m.end();
            }
        });
        for (WeightedPhrases.PatternMatch m : rules.firstMatches(lower, i -> false)) {
            if (first[0] < 0 || m.start() < first[0]) {
                first[0] = m.start();
                first[1] = m.end();
            }
        }
        return first[0] < 0 ? null : text.substring(first[0], first[1]);
    }

    static boolean allCaps(String subject) {
        int letters = 0;
        int upper = 0;
        for (int i = 0; i < subject.length(); i++) {
            char ch = subject.charAt(i);
            if (Character.isLetter(ch)) {
                letters++;
                if (Character.isUpperCase(ch)) {
                    upper++;
                }
            }
        }
        return letters >= 8 && upper * 10 >= letters * 8;
    }

    /** The first run of three or more of {@code ! ? $} (or two and more exclamation marks with a question mark), if any. */
    static String excessivePunctuation(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '!' || ch == '?' || ch == '$') {
                run++;
                if (run >= 3) {
                    int end = i + 1;
                    while (end < text.length() && "!?$".indexOf(text.charAt(end)) >= 0) {
                        end++;
                    }
                    return text.substring(i - run + 1, end);
                }
            } else {
                run = 0;
            }
        }
        return null;
    }

    private static boolean hasUnsubscribe(Message message) {
        for (String header : message.email().headers().keySet()) {
            if (header.equalsIgnoreCase("List-Unsubscribe")) {
                return true;
            }
        }
        for (Link link : message.links()) {
            String url = link.url().toLowerCase(Locale.ROOT);
            String text = link.text().toLowerCase(Locale.ROOT);
            if (url.contains("unsubscribe") || url.contains("optout") || url.contains("opt-out")
                    || text.contains("unsubscribe") || text.contains("opt out") || text.contains("opt-out")
                    || url.contains("{{unsubscribe")) {
                return true;
            }
        }
        return message.lowerText().contains("{{unsubscribe") || (message.email().text() != null && message.email().text().contains("{{unsubscribe"));
    }

    private static int words(String text) {
        int words = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean letter = Character.isLetterOrDigit(text.charAt(i));
            if (letter && !in) {
                words++;
            }
            in = letter;
        }
        return words;
    }

    static String[] lower(String[] values) {
        return Arrays.stream(values).map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).distinct().toArray(String[]::new);
    }
}
