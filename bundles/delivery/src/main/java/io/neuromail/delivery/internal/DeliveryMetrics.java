package io.neuromail.delivery.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.neuromail.api.metrics.Metrics;
import io.neuromail.delivery.api.SendResult;

/**
 * Delivery's metrics: messages each sender accepted, each sender's errors by kind, and the ledger's
 * rows by state. Works without the metrics feature (then it records nothing).
 */
@Component(service = DeliveryMetrics.class)
public class DeliveryMetrics implements SendObserver {

    /** The ledger is counted at most this often, however often the page is scraped. */
    static final long LEDGER_CACHE_MILLIS = 15_000;

    private record Handles(Metrics.Counter sent, Metrics.Counter errors) {
    }

    private final DataSource dataSource;
    private volatile Handles handles;
    private volatile Map<String, Long> ledgerRows = Map.of();
    private volatile long ledgerCountedAt;

    @Activate
    public DeliveryMetrics(@Reference(target = "(dataSourceName=neuromail)") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        Handles h = new Handles(
                metrics.counter("neuromail_delivery_messages_sent", "Messages a sender accepted, by sender", "sender"),
                metrics.counter("neuromail_delivery_provider_errors",
                        "Messages a sender did not accept, by sender and kind (rejected, retry_later, exception, unknown)",
                        "sender", "kind"));
        metrics.gauge("neuromail_delivery_ledger_rows", "Rows of the delivery ledger by state, all accounts",
                List.of("state"), values -> ledgerRows().forEach((state, n) -> values.set(n, state)));
        handles = h;
    }

    void unbindMetrics(Metrics metrics) {
        handles = null;
    }

    @Override
    public void answered(String sender, SendResult result) {
        Handles h = handles;
        if (h == null) {
            return;
        }
        if (result instanceof SendResult.Accepted) {
            h.sent().inc(sender);
        } else if (result instanceof SendResult.Rejected) {
            h.errors().inc(sender, "rejected");
        } else if (result instanceof SendResult.RetryLater) {
            h.errors().inc(sender, "retry_later");
        } else {
            h.errors().inc(sender, "unknown");
        }
    }

    @Override
    public void failed(String sender) {
        Handles h = handles;
        if (h != null) {
            h.errors().inc(sender, "exception");
        }
    }

    /**
     * The ledger's rows by state over all accounts: an operator's figure that names no account. Every
     * state is reported, at zero when it has no rows, so a series does not vanish.
     */
    Map<String, Long> ledgerRows() {
        long now = System.currentTimeMillis();
        if (now - ledgerCountedAt < LEDGER_CACHE_MILLIS) {
            return ledgerRows;
        }
        Map<String, Long> counted = new LinkedHashMap<>();
        DeliveryState.ALL.forEach(s -> counted.put(s, 0L));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM nm_delivery GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counted.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger cannot be counted: " + e.getMessage(), e);
        }
        ledgerRows = Map.copyOf(counted);
        ledgerCountedAt = now;
        return ledgerRows;
    }
}
