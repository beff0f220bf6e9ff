package io.neuromail.filters.internal.builtin;

import static io.neuromail.filters.internal.Messages.FOOTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Severity;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.Messages;

class AdultFilterTest {

    private final AdultFilter filter = new AdultFilter();

    AdultFilterTest() {
        filter.configure(Configs.of(AdultFilter.Config.class, Map.of("wordsFile", "/nonexistent/a.txt", "allowFile", "/nonexistent/b.txt")));
    }

    private List<Finding> check(String subject, String html) {
        return filter.check(Messages.html(subject, "<p>" + html + "</p>" + FOOTER));
    }

    @Test
    void explicitWordingWarns() {
        List<Finding> findings = check("Hot singles tonight", "Watch xxx sex videos of nude models");
        assertTrue(findings.stream().anyMatch(f -> f.severity() == Severity.WARN && f.ruleId().equals("adult.content")), findings::toString);
        assertTrue(findings.stream().anyMatch(f -> "sex videos".equals(f.location().match())));
    }

    @Test
    void obfuscationDoesNotHelp() {
        assertTrue(!check("x", "n&#117;de p\u200Born").isEmpty());
        assertTrue(!check("x", "ｎｕｄｅ").isEmpty());
    }

    @Test
    void wholeWordsAndFalseFriends() {
        assertEquals(List.of(), check("Scunthorpe analysis", "The analyst from Essex and Sussex reviewed the pornographic... no: the cockpit manual, assessing sextant use."
                .replace("the pornographic... no: ", "")));
        assertEquals(List.of(), check("Charity run", "Join our breast cancer research run. Chicken breast recipe inside. Sex education for schools."));
        assertEquals(1, check("x", "A breast cancer walk, then breast photos").size());
    }
}
