package io.neuromail.campaigns.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.persistence.Jdbc;

/**
 * The A/B tests of campaigns. Every statement binds the account; choosing the winner is one
 * conditional statement, so two nodes (or a person and the schedule) never both choose.
 */
public class AbTestStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "campaign_id, config, decide_at, winner, decided_by, decided_at";

    private final Jdbc jdbc;

    public AbTestStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AbTest> find(String accountId, String campaignId) {
        return jdbc.inAccount(accountId, c -> {
            List<String> sendIds = Jdbc.list(c, "SELECT send_id FROM nm_campaign_ab_send WHERE account_id = ? "
                    + "AND campaign_id = ? ORDER BY variant", rs -> rs.getString(1), accountId, campaignId);
            return Jdbc.one(c, "SELECT " + COLUMNS + " FROM nm_campaign_ab_test WHERE account_id = ? AND campaign_id = ?",
                    rs -> row(rs, sendIds), accountId, campaignId);
        });
    }

    /**
     * The campaigns of the account whose A/B test versions were sent with these sends (at most 500),
     * by send id.
     */
    public java.util.Map<String, String> campaignsOfSends(String accountId, java.util.Collection<String> sendIds) {
        List<String> ids = sendIds.stream().distinct().toList();
        if (ids.size() > 500) {
            throw new IllegalArgumentException("at most 500 sends at a time, got " + ids.size());
        }
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        List<Object> params = new java.util.ArrayList<>(List.of(accountId));
        params.addAll(ids);
        java.util.Map<String, String> out = new java.util.HashMap<>();
        jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT send_id, campaign_id FROM nm_campaign_ab_send WHERE account_id = ? "
                + "AND send_id IN (" + Jdbc.marks(ids.size()) + ")", rs -> new String[] {rs.getString(1), rs.getString(2)},
                params.toArray())).forEach(r -> out.put(r[0], r[1]));
        return out;
    }

    /** Sets (or replaces) the test of a campaign that has not started. */
    public void save(String accountId, String campaignId, AbTest.Config config) {
        String json = json(config);
        jdbc.inAccount(accountId, c -> {
            int n = Jdbc.update(c, "UPDATE nm_campaign_ab_test SET config = ? WHERE account_id = ? AND campaign_id = ? "
                    + "AND started_at IS NULL", json, accountId, campaignId);
            if (n == 0) {
                Jdbc.update(c, "INSERT INTO nm_campaign_ab_test (account_id, campaign_id, config) VALUES (?, ?, ?)",
                        accountId, campaignId, json);
            }
            return null;
        });
    }

    /** Removes the test of a campaign that has not started; answers whether there was one. */
    public boolean delete(String accountId, String campaignId) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "DELETE FROM nm_campaign_ab_test WHERE account_id = ? "
                + "AND campaign_id = ? AND started_at IS NULL", accountId, campaignId)) == 1;
    }

    /** Records the variants' sends (in variant order) and when the winner is due. */
    public void started(String accountId, String campaignId, List<String> sendIds, Instant decideAt, Instant now) {
        jdbc.inAccount(accountId, c -> {
            Jdbc.update(c, "DELETE FROM nm_campaign_ab_send WHERE account_id = ? AND campaign_id = ?", accountId, campaignId);
            for (int i = 0; i < sendIds.size(); i++) {
                Jdbc.update(c, "INSERT INTO nm_campaign_ab_send (account_id, send_id, campaign_id, variant) VALUES (?, ?, ?, ?)",
                        accountId, sendIds.get(i), campaignId, i);
            }
            return Jdbc.update(c, "UPDATE nm_campaign_ab_test SET started_at = ?, decide_at = ? WHERE account_id = ? "
                    + "AND campaign_id = ?", now, decideAt, accountId, campaignId);
        });
    }

    /** Chooses the winner unless one was chosen; answers whether this call chose. */
    public boolean decide(String accountId, String campaignId, int winner, String by, Instant now) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_campaign_ab_test SET winner = ?, decided_by = ?, "
                + "decided_at = ? WHERE account_id = ? AND campaign_id = ? AND winner IS NULL AND started_at IS NOT NULL",
                winner, by, now, accountId, campaignId)) == 1;
    }

    /** Campaigns of any account whose test waits for a winner chosen by opens or clicks, due by {@code now}. */
    public List<String[]> due(Instant now, int limit) {
        return jdbc.system(c -> Jdbc.list(c, "SELECT t.account_id, t.campaign_id FROM nm_campaign_ab_test t "
                + "JOIN nm_campaign m ON m.account_id = t.account_id AND m.id = t.campaign_id "
                + "WHERE t.decide_at <= ? AND t.winner IS NULL AND m.status = ? ORDER BY t.decide_at FETCH FIRST "
                + limit + " ROWS ONLY", rs -> new String[] {rs.getString(1), rs.getString(2)}, now, CampaignStatus.TESTING));
    }

    private static AbTest row(ResultSet rs, List<String> sendIds) throws SQLException {
        try {
            AbTest.Config config = JSON.readValue(rs.getString("config"), AbTest.Config.class);
            int chosen = rs.getInt("winner");
            Integer winner = rs.wasNull() ? null : chosen;
            return new AbTest(rs.getString("campaign_id"), config, sendIds, Jdbc.instant(rs, "decide_at"), winner,
                    rs.getString("decided_by"), Jdbc.instant(rs, "decided_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored A/B test is not valid JSON", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
