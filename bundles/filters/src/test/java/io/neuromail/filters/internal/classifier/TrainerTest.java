package io.neuromail.filters.internal.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void plattScalingRecoversAKnownCalibration() {
        // at each log-odds z, 1000 messages of which round(1000 * sigmoid(2z + 1)) are spam
        List<Double> spam = new ArrayList<>();
        List<Double> ham = new ArrayList<>();
        for (double z = -4; z <= 4; z += 0.25) {
            long spamCount = Math.round(1000 / (1 + Math.exp(-(2 * z + 1))));
            for (int i = 0; i < 1000; i++) {
                (i < spamCount ? spam : ham).add(z);
            }
        }
        double[] fit = Trainer.platt(spam.stream().mapToDouble(Double::doubleValue).toArray(), ham.stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(2, fit[0], 0.02);
        assertEquals(1, fit[1], 0.02);
    }

    @Test
    void trainingCalibratesOutOfFoldAndKeepsFrequentTokensOnly() {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            spam.add(Set.of("winner", "prize", "w" + i, i % 4 == 0 ? "meeting" : "cash"));
            ham.add(Set.of("meeting", "agenda", "h" + i, i % 4 == 0 ? "prize" : "minutes"));
        }
        Trainer.Result result = Trainer.train(spam, ham, new Trainer.Options(3, 100));
        SpamModel model = result.model();
        assertEquals(6, model.size(), "winner, prize, cash, meeting, agenda, minutes; the one-off words are pruned");
        assertEquals(0, model.weight("w1"));
        assertTrue(model.slope() > 0);
        assertTrue(model.probability(model.logOdds(Set.of("winner", "prize", "cash"))) > 0.9);
        assertTrue(model.probability(model.logOdds(Set.of("meeting", "agenda", "minutes"))) < 0.1);
        assertEquals(40, result.logOdds().get(0).length);
        assertEquals(1.0, result.flagged(0.5)[0], "every spam message, scored by the fold that did not see it");
        assertEquals(0.0, result.flagged(0.5)[1]);
    }

    @Test
    void pruningKeepsTheTokensThatWeighMost() {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spam.add(Set.of("strong", "common", i % 2 == 0 ? "weak" : "x"));
            ham.add(Set.of("common", i % 3 == 0 ? "weak" : "y"));
        }
        SpamModel model = Trainer.train(spam, ham, new Trainer.Options(1, 2)).model();
        assertEquals(2, model.size());
        assertTrue(model.weight("strong") > 0);
        assertEquals(0, model.weight("common"), "common is in every message: it weighs nothing and goes");
    }

    @Test
    void theSameMessagesGiveTheSameModelFile() throws Exception {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            spam.add(Set.of("offer", "n" + (i % 7), i % 3 == 0 ? "today" : "now"));
            ham.add(Set.of("report", "n" + (i % 5), i % 2 == 0 ? "today" : "later"));
        }
        StringWriter first = new StringWriter();
        Trainer.train(spam, ham, Trainer.Options.DEFAULTS).model().write(first, List.of());
        StringWriter second = new StringWriter();
        Trainer.train(new ArrayList<>(spam), new ArrayList<>(ham), Trainer.Options.DEFAULTS).model().write(second, List.of());
        assertEquals(first.toString(), second.toString());
    }

    @Test
    void aWeightedGroupCountsAsIfEachMessageWereThereThatManyTimes() {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        List<Set<String>> newsletters = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            spam.add(Set.of("offer", "cash", i % 2 == 0 ? "sale" : "now"));
            ham.add(Set.of("meeting", "agenda", i % 3 == 0 ? "notes" : "later"));
            newsletters.add(Set.of("sale", "issue", i % 2 == 0 ? "offer" : "catalogue"));
        }
        SpamModel weighted = Trainer.train(List.of(Trainer.Group.spam(spam), Trainer.Group.ham(ham, 1), Trainer.Group.ham(newsletters, 3)),
                new Trainer.Options(1, 100)).model();
        List<Set<String>> repeated = new ArrayList<>(ham);
        for (int copy = 0; copy < 3; copy++) {
            repeated.addAll(newsletters);
        }
        SpamModel counted = Trainer.count(spam, repeated, null);
        assertEquals(12, weighted.spamMessages());
        assertEquals(12 + 3 * 12, weighted.hamMessages());
        for (String token : List.of("offer", "sale", "issue", "meeting", "cash")) {
            assertEquals(counted.weight(token), weighted.weight(token), 1e-12, token);
        }
    }

    @Test
    void weightingNewslettersMakesTheModelSlowerToCallThemSpam() {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        List<Set<String>> newsletters = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            spam.add(Set.of("offer", "save", "w" + (i % 9), i % 3 == 0 ? "unsubscribe" : "cash"));
            ham.add(Set.of("meeting", "agenda", "h" + (i % 7), i % 5 == 0 ? "save" : "notes"));
            if (i % 6 == 0) {
                newsletters.add(Set.of("offer", "save", "unsubscribe", "issue", "n" + (i % 4)));
            }
        }
        Set<String> newsletter = Set.of("offer", "save", "unsubscribe", "issue");
        Trainer.Result once = Trainer.train(List.of(Trainer.Group.spam(spam), Trainer.Group.ham(ham, 1), Trainer.Group.ham(newsletters, 1)),
                Trainer.Options.DEFAULTS);
        Trainer.Result fourTimes = Trainer.train(List.of(Trainer.Group.spam(spam), Trainer.Group.ham(ham, 1), Trainer.Group.ham(newsletters, 4)),
                Trainer.Options.DEFAULTS);
        double before = once.model().probability(once.model().logOdds(newsletter));
        double after = fourTimes.model().probability(fourTimes.model().logOdds(newsletter));
        assertTrue(after < before, before + " -> " + after);
        assertEquals(3, fourTimes.flagged(0.5).length, "one share per group");
        assertEquals(10, fourTimes.logOdds().get(2).length);
    }

    @Test
    void aWeightIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> Trainer.Group.ham(List.of(Set.of("a")), 0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.Group.ham(List.of(Set.of("a")), Trainer.MAX_WEIGHT + 1));
    }

    @Test
    void trainingNeedsBothLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(List.of(Set.of("a"), Set.of("b")), List.of(Set.of("c")), Trainer.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("1 legitimate"), e.getMessage());
    }

    @Test
    void tokensTheModelFileCannotHoldAreLeftOutSoTheFileReadsBack() throws Exception {
        List<Set<String>> spam = new ArrayList<>();
        List<Set<String>> ham = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            spam.add(Set.of("offer", "h:two words", "#comment", "@messages", "tab\there"));
            ham.add(Set.of("report", "nbsp\u00a0inside"));
        }
        SpamModel model = Trainer.train(spam, ham, Trainer.Options.DEFAULTS).model();
        assertEquals(2, model.size(), "offer and report");
        StringWriter out = new StringWriter();
        model.write(out, List.of());
        SpamModel read = SpamModel.parse(out.toString().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        assertEquals(model.weight("offer"), read.weight("offer"), 1e-12);
        assertTrue(SpamModel.writable("h:example.org"));
        assertTrue(!SpamModel.writable("") && !SpamModel.writable("a b") && !SpamModel.writable("#a") && !SpamModel.writable("@a"));
    }
}
