package io.neuromail.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.neuromail.contacts.api.RecipientQuery;

class AbTestTest {

    private static AbTest test(String campaignId, int variants, int share) {
        List<AbTest.Variant> v = new java.util.ArrayList<>();
        for (int i = 0; i < variants; i++) {
            v.add(new AbTest.Variant("Subject " + i, null, null));
        }
        return new AbTest(campaignId, new AbTest.Config(v, share, AbTest.BY_OPENS, 4), List.of(), null, null, null, null);
    }

    @Test
    void theVersionsSplitTheTestShareEvenlyAndTheRestTakesTheOtherPartOfTheCircle() {
        for (int variants = 2; variants <= 4; variants++) {
            for (int share : new int[] {2, 20, 33, 50, 100}) {
                AbTest t = test("campaign-" + variants + "-" + share, variants, share);
                int at = 0;
                for (int i = 0; i <= variants; i++) {
                    RecipientQuery.Sample part = t.part(i);
                    assertEquals(at, part.from(), "parts follow each other without gap or overlap");
                    at = part.to();
                    assertEquals(t.part(0).turn(), part.turn(), "all parts turn alike");
                }
                assertEquals(RecipientQuery.Sample.SCALE, at, "together they are the whole circle");
                int test = (int) ((long) RecipientQuery.Sample.SCALE * share / 100);
                assertEquals(test, t.part(variants).from(), share + " % test");
                for (int i = 0; i < variants; i++) {
                    int size = t.part(i).to() - t.part(i).from();
                    assertEquals(test / (double) variants, size, 1.0, "even split");
                }
            }
        }
    }

    @Test
    void eachCampaignTestsOnOtherPeople() {
        assertNotEquals(test("one", 2, 20).part(0).turn(), test("two", 2, 20).part(0).turn());
        assertEquals(test("one", 2, 20).part(0), test("one", 2, 20).part(0), "the same campaign, the same people");
        assertEquals("D", AbTest.letter(3));
    }
}
