package io.neuromail.delivery.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.security.Caller;
import io.neuromail.api.security.Scope;
import io.neuromail.delivery.internal.Views.SendView;

/**
 * The operator's view of sends across accounts (the Karaf console's {@code neuromail:sends}). It
 * finds which account a send belongs to and then acts as that account through
 * {@link DeliveryService#act}, so the console follows exactly the API's rules.
 */
@Component(service = OperatorSends.class)
public class OperatorSends {

    /** The most sends one listing shows. */
    public static final int MAX_LIST = 500;
    /** The actions the console may take: the API's pause, resume and cancel. */
    public static final List<String> ACTIONS = List.of("pause", "resume", "cancel");

    /** A send with the account it belongs to. */
    public record Listed(String accountId, SendView send) {
    }

    private final DataSource dataSource;
    private final DeliveryService delivery;

    @Activate
    public OperatorSends(@Reference(target = "(dataSourceName=neuromail)") DataSource dataSource,
                         @Reference DeliveryService delivery) {
        this.dataSource = dataSource;
        this.delivery = delivery;
    }

    /** The newest sends (not transactional messages), of one account or of all, at most {@code limit}. */
    public List<Listed> recent(String accountId, String state, int limit) {
        List<String[]> ids = query("SELECT account_id, id FROM nm_delivery_send WHERE kind <> 'transactional'"
                + (accountId == null ? "" : " AND account_id = ?") + (state == null ? "" : " AND state = ?")
                + " ORDER BY created_at DESC, id LIMIT ?", accountId, state, Math.max(1, Math.min(limit, MAX_LIST)));
        List<Listed> out = new ArrayList<>();
        for (String[] row : ids) {
            out.add(new Listed(row[0], delivery.send(operator(row[0]), row[1])));
        }
        return out;
    }

    /** Pauses, resumes or cancels a send by id, with the API's rules (a finished send cannot be paused...). */
    public SendView act(String sendId, String action) {
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("the action is one of " + ACTIONS);
        }
        String accountId = accountOf(sendId).orElseThrow(() -> new IllegalArgumentException("no send " + sendId));
        return delivery.act(operator(accountId), sendId, action);
    }

    /** The account, acted for with no user and no key: the activity log shows the change without an actor. */
    private static Caller operator(String accountId) {
        return new Caller(accountId, null, null, Caller.AuthMethod.SESSION, null, EnumSet.allOf(Scope.class), true);
    }

    /** The account of a send. */
    public Optional<String> accountOf(String sendId) {
        if (sendId == null || sendId.length() > 64) {
            return Optional.empty();
        }
        return query("SELECT account_id, id FROM nm_delivery_send WHERE id = ? AND kind <> 'transactional'", sendId)
                .stream().findFirst().map(r -> r[0]);
    }

    /** Ids of the newest sends an action can apply to (for completion). */
    public List<String> actionableIds(int limit) {
        return query("SELECT account_id, id FROM nm_delivery_send WHERE kind <> 'transactional' AND state IN (?, ?, ?)"
                + " ORDER BY created_at DESC, id LIMIT ?", SendState.RUNNING, SendState.PAUSED, SendState.AUTO_PAUSED, limit).stream().map(r -> r[1]).toList();
    }

    /** Accounts that have sends (for completion). */
    public List<String> accountIds(int limit) {
        return query("SELECT DISTINCT account_id, account_id FROM nm_delivery_send ORDER BY account_id LIMIT ?", limit)
                .stream().map(r -> r[0]).toList();
    }

    /** Rows of two columns; a {@code null} parameter binds nothing (its condition was left out of the SQL). */
    private List<String[]> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                if (p != null) {
                    ps.setObject(i++, p);
                }
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("the sends cannot be read: " + e.getMessage(), e);
        }
    }
}
