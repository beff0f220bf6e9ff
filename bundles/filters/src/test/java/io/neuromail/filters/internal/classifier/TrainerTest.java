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
        assertEquals(40, result.spamLogOdds().length);
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
    void trainingNeedsBothLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(List.of(Set.of("a"), Set.of("b")), List.of(Set.of("c")), Trainer.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("1 legitimate"), e.getMessage());
    }
}
