package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.FilterService;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filters.internal.text.PhraseMatcher;
import io.neuromail.filters.internal.text.RuleFile;
import io.neuromail.filters.internal.text.WeightedPhrases;

/**
 * Adult and explicit content: weighted words and phrases ({@code etc/neuromail/filters/adult-words.txt})
 * matched as whole words, except inside the phrases of the allow-list
 * ({@code adult-allow.txt}: false friends such as "breast cancer" or "Middlesex").
 */
@Component(service = ContentFilter.class, configurationPid = AdultFilter.PID)
@Designate(ocd = AdultFilter.Config.class)
@FilterService(name = "adult", description = "Adult and explicit words and phrases, with an allow-list for false friends", order = 400)
public class AdultFilter implements ContentFilter {

    static final String PID = "io.neuromail.filters.adult";

    /** Configuration PID {@value #PID}. */
    @ObjectClassDefinition(name = "NeuroMail adult content filter", description = "Weighted explicit words and phrases")
    public @interface Config {
        @AttributeDefinition(name = "Word file", description = "'<score> <word or phrase>' a line; relative to etc/. Reloaded when it changes")
        String wordsFile() default "neuromail/filters/adult-words.txt";

        @AttributeDefinition(name = "Allow-list file", description = "Phrases in which listed words are harmless, one a line; relative to etc/")
        String allowFile() default "neuromail/filters/adult-allow.txt";

        @AttributeDefinition(name = "Warning score", description = "Adult score from which the message is at least warned about")
        double warnScore() default 6.0;

        @AttributeDefinition(name = "Blocking score", description = "Adult score from which the message is explicit content and blocked, for an account that has this filter on")
        double blockScore() default 15.0;
    }

    private volatile Config config;
    private volatile RuleFile<WeightedPhrases> words;
    private volatile RuleFile<PhraseMatcher<Boolean>> allow;

    @Activate
    @Modified
    void configure(Config c) {
        this.config = c;
        this.words = new RuleFile<>(RuleFile.resolve(c.wordsFile()), "io/neuromail/filters/rules/adult-words.txt", WeightedPhrases::parse);
        this.allow = new RuleFile<>(RuleFile.resolve(c.allowFile()), "io/neuromail/filters/rules/adult-allow.txt", WeightedPhrases::phraseList);
    }

    @Override
    public List<Finding> check(Message message) {
        boolean[] allowed = new boolean[message.lowerText().length()];
        allow.get().forEach(message.lowerText(), m -> {
            for (int i = m.start(); i < m.end(); i++) {
                allowed[i] = true;
            }
        });
        List<PhraseFindings.Hit> hits = PhraseFindings.hits(message, words.get(), i -> allowed[i]);
        double total = hits.stream().mapToDouble(PhraseFindings.Hit::score).sum();
        List<Finding> findings = new ArrayList<>();
        for (PhraseFindings.Hit hit : hits) {
            findings.add(PhraseFindings.finding(message, hit, "adult.explicit", "Explicit wording"));
        }
        Config c = config;
        if (total >= c.blockScore()) {
            findings.add(Finding.block("adult.explicit-content", 0, "The message is explicit adult content", Location.message()));
        } else if (total >= c.warnScore()) {
            findings.add(Finding.warn("adult.content", 0, "The message reads as adult content", Location.message()));
        }
        return findings;
    }
}
