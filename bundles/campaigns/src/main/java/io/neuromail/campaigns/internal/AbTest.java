package io.neuromail.campaigns.internal;

import java.time.Instant;
import java.util.List;

import io.neuromail.contacts.api.RecipientQuery;

/**
 * The A/B test of a campaign: 2 to 4 variants of its subject, From name or content, sent to a share of
 * its audience split evenly; after a set time the variant that more people opened (or clicked in)
 * wins and the rest of the audience gets it. Variant 0 is the campaign as written; the others change
 * what they name.
 *
 * @param campaignId the campaign
 * @param config     what is tested and how the winner is chosen
 * @param sendIds    the variants' sends in variant order; empty until the test starts
 * @param decideAt   when the winner is chosen by opens or clicks; {@code null} until the test starts
 * @param winner     the winning variant, {@code null} until chosen
 * @param decidedBy  {@code opens}, {@code clicks} or {@code hand}
 * @param decidedAt  when the winner was chosen
 */
public record AbTest(String campaignId, Config config, List<String> sendIds, Instant decideAt, Integer winner,
                     String decidedBy, Instant decidedAt) {

    public static final int MIN_VARIANTS = 2;
    public static final int MAX_VARIANTS = 4;
    public static final int MIN_SHARE = 2;
    public static final int MAX_SHARE = 100;
    public static final int MAX_WAIT_HOURS = 168;
    public static final String BY_OPENS = "opens";
    public static final String BY_CLICKS = "clicks";
    public static final String BY_HAND = "hand";

    public AbTest {
        sendIds = sendIds == null ? List.of() : List.copyOf(sendIds);
    }

    /**
     * @param variants   2 to 4 variants; the first is the campaign as written
     * @param testShare  the percentage of the audience that tests the variants (2 to 100), split evenly
     * @param winnerBy   {@code opens}, {@code clicks} (unique opens or clicks of people over messages
     *                   sent) or {@code hand}
     * @param waitHours  how long after the start the winner is chosen (1 to 168; ignored by hand)
     */
    public record Config(List<Variant> variants, int testShare, String winnerBy, int waitHours) {

        public Config {
            variants = List.copyOf(variants);
        }
    }

    /** What a variant changes; {@code null}: as the campaign. The HTML is sanitised like the campaign's. */
    public record Variant(String subject, String fromName, String html) {
    }

    /**
     * The part of the audience that gets variant {@code index}, or with {@code index} equal to the
     * number of variants, the rest of the audience (the winner's). Parts never overlap; the turn is the
     * campaign's own, so each campaign tests on different people.
     */
    public RecipientQuery.Sample part(int index) {
        int scale = RecipientQuery.Sample.SCALE;
        int n = config.variants().size();
        int test = (int) ((long) scale * config.testShare() / 100);
        int turn = Math.floorMod(campaignId.hashCode(), scale);
        if (index >= n) {
            return new RecipientQuery.Sample(test, scale, turn);
        }
        return new RecipientQuery.Sample((int) ((long) test * index / n), (int) ((long) test * (index + 1) / n), turn);
    }

    /** The variants' letters: A, B, C, D. */
    public static String letter(int index) {
        return String.valueOf((char) ('A' + index));
    }
}
