package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.neuromail.api.persistence.Jdbc;

/** The ledger on PostgreSQL ({@code FOR UPDATE SKIP LOCKED} claims); PostgreSQL must be running. */
class LedgerPostgresTest extends LedgerContract {

    private TestDatabases.Postgres postgres;

    @Override
    DataSource dataSource() throws Exception {
        postgres = TestDatabases.postgres("ledger");
        return postgres.pool();
    }

    @Override
    void release() throws Exception {
        postgres.close();
    }

    @Test
    void aLargeSendIsClaimedInIndexOrderNotReadWholeAndSorted() {
        long now = System.currentTimeMillis();
        send(UUID.randomUUID().toString(), 5_000, now);

        String plan = jdbc.system(c -> {
            StringBuilder lines = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + Ledger.CLAIM_SKIP_LOCKED)) {
                Jdbc.bind(ps, "planner", now + 60_000, now + 1, now + 1, 100, 100);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.append(rs.getString(1)).append('\n');
                    }
                }
            }
            return lines.toString();
        });

        assertTrue(plan.contains("Index Scan using ix_delivery_send_claim"), plan);
        assertFalse(plan.contains("ix_delivery_send_state"), "every queued row of the send would be read and sorted:\n" + plan);
    }
}
