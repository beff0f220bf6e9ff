package io.neuromail.filters.internal.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.neuromail.filters.internal.classifier.SpamModel.Contribution;

class SpamModelTest {

    private static final List<Set<String>> SPAM = List.of(Set.of("free", "money"), Set.of("free", "offer"));
    private static final List<Set<String>> HAM = List.of(Set.of("meeting", "notes"), Set.of("free", "meeting"));

    @Test
    void countingATinySetGivesTheProbabilitiesWorkedOutByHand() {
        SpamModel model = Trainer.count(SPAM, HAM, null);
        // free 2/1, money 1/0, offer 1/0, meeting 0/2, notes 0/1: V = 5, S = H = 4, smoothing 1,
        // so P(t|spam) = (s + 1) / 9 and P(t|ham) = (h + 1) / 9; equal priors.
        assertEquals(Math.log(3.0 / 2), model.weight("free"), 1e-12);
        assertEquals(Math.log(2), model.weight("money"), 1e-12);
        assertEquals(Math.log(1.0 / 3), model.weight("meeting"), 1e-12);
        assertEquals(0, model.weight("unknown"));
        // log-odds ln(3/2) + ln 2 = ln 3: probability 3/4; unknown words weigh nothing
        assertEquals(0.75, model.score(List.of("free", "money", "unknown"), 5).probability(), 1e-12);
        assertEquals(0.25, model.score(List.of("meeting"), 5).probability(), 1e-12);
        assertEquals(0.5, model.score(List.of(), 5).probability(), 1e-12);
    }

    @Test
    void thePriorFollowsTheShareOfSpamInTraining() {
        SpamModel model = Trainer.count(List.of(Set.of("a")), List.of(Set.of("b"), Set.of("c"), Set.of("d")), null);
        assertEquals(0.25, model.probability(model.logOdds(List.of("z"))), 1e-12);
    }

    @Test
    void theTopTokensAreThoseThatAddMostTowardsSpam() {
        Map<String, int[]> counts = Map.of("a", new int[] {9, 1}, "b", new int[] {5, 2}, "c", new int[] {30, 1},
                "d", new int[] {1, 8}, "e", new int[] {3, 3}, "f", new int[] {12, 2});
        SpamModel model = new SpamModel(10, 10, 1, 0.5, -0.2, counts);
        List<String> tokens = List.of("a", "b", "c", "d", "e", "f", "unknown");
        List<Contribution> top = model.score(tokens, 3).contributions();

        List<String> expected = new ArrayList<>(counts.keySet());
        expected.sort(Comparator.comparingDouble(model::weight).reversed());
        assertEquals(expected.subList(0, 3), top.stream().map(Contribution::token).toList());
        for (Contribution c : top) {
            assertEquals(0.5 * model.weight(c.token()), c.value(), 1e-12, "contribution of " + c.token());
        }
        // all contributions towards spam add up, with the calibrated prior, to the calibrated log-odds
        SpamModel.Score all = model.score(tokens, 100);
        assertTrue(all.contributions().stream().allMatch(c -> c.value() > 0));
        assertFalse(all.contributions().stream().anyMatch(c -> c.token().equals("d")), "d weighs towards legitimate mail");
        double sum = -0.2 + 0.5 * model.logOdds(List.of());
        for (String t : tokens) {
            sum += 0.5 * model.weight(t);
        }
        assertEquals(sum, all.logOdds(), 1e-12);
        assertEquals(1 / (1 + Math.exp(-sum)), all.probability(), 1e-12);
    }

    @Test
    void aModelRoundTripsThroughItsFile() throws Exception {
        SpamModel model = Trainer.count(SPAM, HAM, null).calibrated(0.37, -1.25);
        StringWriter out = new StringWriter();
        model.write(out, List.of("a comment"));
        List<String> lines = out.toString().lines().filter(l -> !l.startsWith("#")).toList();
        SpamModel read = SpamModel.parse(lines);
        for (String t : List.of("free", "money", "offer", "meeting", "notes")) {
            assertEquals(model.weight(t), read.weight(t), 1e-12, t);
        }
        assertEquals(model.score(List.of("free", "notes"), 5), read.score(List.of("free", "notes"), 5));
        StringWriter again = new StringWriter();
        read.write(again, List.of("a comment"));
        assertEquals(out.toString(), again.toString());
        assertTrue(out.toString().contains("\nfree 2 1\n"), out.toString());
    }

    @Test
    void wordsThatNameASettingAreTokensLikeAnyOther() throws Exception {
        SpamModel model = Trainer.count(List.of(Set.of("messages", "calibration"), Set.of("smoothing")), List.of(Set.of("other"), Set.of("x")), null);
        StringWriter out = new StringWriter();
        model.write(out, List.of());
        SpamModel read = SpamModel.parse(out.toString().lines().toList());
        assertEquals(model.weight("smoothing"), read.weight("smoothing"), 1e-12);
        assertEquals(2, read.spamMessages());
    }

    @Test
    void aBrokenModelFileNamesWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> SpamModel.parse(List.of("free 1 2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpamModel.parse(List.of(SpamModel.MAGIC, "@messages 2 2", "free x 2")));
        assertTrue(e.getMessage().contains("free x 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpamModel.parse(List.of(SpamModel.MAGIC, "free 1 2")));
        assertThrows(IllegalArgumentException.class, () -> SpamModel.parse(List.of(SpamModel.MAGIC, "@messages 2 2", "free -1 2")));
        assertThrows(IllegalArgumentException.class, () -> SpamModel.parse(List.of(SpamModel.MAGIC, "@messages 0 2")));
    }
}
