package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.delivery.api.ProviderFeedback.BounceType;
import io.neuromail.delivery.internal.feedback.FeedbackLedger;

/** Provider feedback on the ledger (embedded H2): found by either id, recorded, counted, pausing a send, replays. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackLedgerH2Test {

    private PersistenceUnit unit;
    private Jdbc jdbc;
    private SendStore store;
    private FeedbackLedger feedback;

    @BeforeAll
    void start() throws Exception {
        io.neuromail.db.internal.PersistenceService persistence =
                new io.neuromail.db.internal.PersistenceService(TestDatabases.h2());
        unit = TestDatabases.migrate(persistence);
        jdbc = persistence.jdbc();
        store = new SendStore(jdbc);
        feedback = new FeedbackLedger(jdbc, new FeedbackLedger.Thresholds(40.0, 0.1, 2));
    }

    @AfterAll
    void stop() {
        unit.close();
    }

    private SendStore.Created send(String account, int recipients) {
        List<SendStore.NewRecipient> list = new java.util.ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            list.add(new SendStore.NewRecipient("r" + i + "@example.org", null));
        }
        return store.create(account, new SendStore.NewSendContent(SendKind.CAMPAIGN, "news@example.com", null, null,
                "Hello", "Hi", null, "PASS", null), list, Set.of(), 1000);
    }

    private long column(String sql, String id) {
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    @Test
    void aReportFindsItsMessageByDeliveryIdOrProviderIdAndNothingElse() {
        SendStore.Created created = send("acct-find", 2);
        String first = created.deliveryIds().get(0);
        jdbc.update("UPDATE nm_delivery SET provider_id = ? WHERE id = ?", "provider-" + first, first);

        FeedbackLedger.Row byProvider = feedback.row(ProviderFeedback.complained("provider-" + first, null, "abuse")).orElseThrow();
        assertEquals(first, byProvider.deliveryId());
        assertEquals("acct-find", byProvider.accountId());
        assertEquals(created.sendId(), byProvider.sendId());
        String second = created.deliveryIds().get(1);
        assertEquals(second, feedback.row(ProviderFeedback.delivered("unknown", null, "")
                .byDeliveryId(second)).orElseThrow().deliveryId(), "the delivery id wins");
        assertTrue(feedback.row(ProviderFeedback.delivered("no-such-provider-id", null, "")).isEmpty());
    }

    @Test
    void bouncesAndComplaintsAreCountedAndPauseASendPastTheThreshold() {
        SendStore.Created created = send("acct-pause", 4);
        jdbc.update("UPDATE nm_delivery SET state = 'sent' WHERE send_id = ?", created.sendId());
        String sendId = created.sendId();
        FeedbackLedger.Row soft = feedback.row(ProviderFeedback.bounced("x", null, BounceType.SOFT, "full")
                .byDeliveryId(created.deliveryIds().get(0))).orElseThrow();
        feedback.record(soft, ProviderFeedback.bounced("x", null, BounceType.SOFT, "full"), 2000);
        assertEquals(1, column("SELECT transient_bounces FROM nm_delivery_send WHERE id = ?", sendId));
        assertEquals(0, column("SELECT bounces FROM nm_delivery_send WHERE id = ?", sendId));

        for (int i = 1; i <= 2; i++) {
            ProviderFeedback hard = ProviderFeedback.bounced("x", null, BounceType.HARD, "550 5.1.1")
                    .byDeliveryId(created.deliveryIds().get(i));
            feedback.record(feedback.row(hard).orElseThrow(), hard, 2000 + i);
        }
        assertEquals(2, column("SELECT bounces FROM nm_delivery_send WHERE id = ?", sendId));
        assertEquals(1, column("SELECT COUNT(*) FROM nm_delivery_feedback WHERE send_id = ? AND kind = 'bounce_transient'", sendId));
        assertEquals(2, column("SELECT COUNT(*) FROM nm_delivery_feedback WHERE send_id = ? AND kind = 'bounce_permanent'", sendId));
        // 2 hard bounces of 4 sent is 50 %, past the 40 % threshold.
        assertEquals(1, column("SELECT COUNT(*) FROM nm_delivery_send WHERE id = ? AND state = 'auto-paused'", sendId));
    }

    @Test
    void aDeliveryIsRecordedWithoutCountingAsABounce() {
        SendStore.Created created = send("acct-delivered", 1);
        ProviderFeedback delivered = ProviderFeedback.delivered("x", null, "250 ok").byDeliveryId(created.deliveryIds().get(0));
        feedback.record(feedback.row(delivered).orElseThrow(), delivered, 3000);
        assertEquals(1, column("SELECT COUNT(*) FROM nm_delivery_feedback WHERE send_id = ? AND kind = 'delivered'",
                created.sendId()));
        assertEquals(0, column("SELECT bounces + transient_bounces + complaints FROM nm_delivery_send WHERE id = ?",
                created.sendId()));
    }

    @Test
    void aNoticeIsTakenOnce() {
        assertTrue(feedback.firstTime("notice-1", 1));
        assertFalse(feedback.firstTime("notice-1", 2));
        assertTrue(feedback.firstTime("notice-2", 3));
    }
}
