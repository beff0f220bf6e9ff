package io.neuromail.billing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import io.neuromail.api.persistence.DataAccessException;
import io.neuromail.api.persistence.Jdbc;

/** The subscriptions and received Paddle events ({@code nm_billing_*}); every statement binds its account or event. */
final class BillingStore {

    /** An account's subscription as Paddle last reported it. */
    record Subscription(String accountId, String planId, String priceId, String status, String subscriptionId,
                        Instant renewsAt, Instant canceledAt, Instant lastPaymentAt, Instant eventAt) {
    }

    /** What became of an event: applied, or why not. */
    record Outcome(String accountId, String text, boolean changed) {
    }

    private final Jdbc jdbc;

    BillingStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Subscription> subscription(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT account_id, plan_id, price_id, status, subscription_id, renews_at, "
                + "canceled_at, last_payment_at, event_at FROM nm_billing_subscription WHERE account_id = ?", rs ->
                new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        millis(rs.getObject(6)), millis(rs.getObject(7)), millis(rs.getObject(8)), millis(rs.getObject(9))),
                accountId));
    }

    private static Instant millis(Object value) {
        return value == null ? null : Instant.ofEpochMilli(((Number) value).longValue());
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /**
     * Applies an event once, in one transaction with the record that it was received: a replayed event
     * id changes nothing (empty answer); an event older than the one a subscription reflects is
     * recorded but not applied (Paddle may deliver out of order).
     */
    Optional<Outcome> receive(PaddleEvent e, Plans plans, long now) {
        try {
            return jdbc.system(c -> {
                if (Jdbc.count(c, "SELECT COUNT(*) FROM nm_billing_event WHERE event_id = ?", e.eventId()) > 0) {
                    return Optional.<Outcome>empty();
                }
                Outcome outcome = apply(c, e, plans, now);
                Jdbc.update(c, "INSERT INTO nm_billing_event (event_id, event_type, occurred_at, received_at, account_id, "
                        + "outcome) VALUES (?, ?, ?, ?, ?, ?)", e.eventId(), e.type(), e.occurredAt().toEpochMilli(), now,
                        outcome.accountId(), outcome.text());
                return Optional.of(outcome);
            });
        } catch (DataAccessException raced) {
            // The same event on another request or node at the same moment: its first arrival applies it.
            if (jdbc.system(c -> Jdbc.count(c, "SELECT COUNT(*) FROM nm_billing_event WHERE event_id = ?", e.eventId())) > 0) {
                return Optional.empty();
            }
            throw raced;
        }
    }

    private Outcome apply(Connection c, PaddleEvent e, Plans plans, long now) throws SQLException {
        String accountId = e.accountId();
        if (accountId == null && e.subscriptionId() != null) {
            accountId = Jdbc.one(c, "SELECT account_id FROM nm_billing_subscription WHERE subscription_id = ?",
                    rs -> rs.getString(1), e.subscriptionId()).orElse(null);
        }
        if (accountId == null) {
            return new Outcome(null, "no account: neither custom_data.neuromail_account_id nor a known subscription", false);
        }
        if (e.type().equals("transaction.completed")) {
            int paid = Jdbc.update(c, "UPDATE nm_billing_subscription SET last_payment_at = ?, updated_at = ? "
                    + "WHERE account_id = ? AND (last_payment_at IS NULL OR last_payment_at < ?)",
                    e.occurredAt().toEpochMilli(), now, accountId, e.occurredAt().toEpochMilli());
            return new Outcome(accountId, paid > 0 ? "payment recorded" : "payment noted", paid > 0);
        }
        if (!e.subscriptionEvent() || e.status() == null || e.subscriptionId() == null) {
            return new Outcome(accountId, "ignored: " + e.type(), false);
        }
        Optional<Long> appliedAt = Jdbc.one(c, "SELECT event_at FROM nm_billing_subscription WHERE account_id = ?",
                rs -> rs.getLong(1), accountId);
        long at = e.occurredAt().toEpochMilli();
        if (appliedAt.isPresent() && appliedAt.get() > at) {
            return new Outcome(accountId, "not applied: a newer event has been applied", false);
        }
        String planId = plans.planOfPrice(e.priceId()).orElse(null);
        Object[] values = {planId, e.priceId(), e.status(), e.subscriptionId(), e.customerId(), millis(e.renewsAt()),
                millis(e.canceledAt()), at, now, accountId};
        if (appliedAt.isPresent()) {
            Jdbc.update(c, "UPDATE nm_billing_subscription SET plan_id = ?, price_id = ?, status = ?, subscription_id = ?, "
                    + "customer_id = ?, renews_at = ?, canceled_at = ?, event_at = ?, updated_at = ? WHERE account_id = ?",
                    values);
        } else {
            Jdbc.update(c, "INSERT INTO nm_billing_subscription (plan_id, price_id, status, subscription_id, customer_id, "
                    + "renews_at, canceled_at, event_at, updated_at, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        }
        return new Outcome(accountId, planId == null ? "applied: " + e.status() + ", but price " + e.priceId()
                + " buys no configured plan" : "applied: " + planId + " " + e.status(), true);
    }
}
