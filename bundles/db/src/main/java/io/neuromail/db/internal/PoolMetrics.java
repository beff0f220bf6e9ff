package io.neuromail.db.internal;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import io.neuromail.api.metrics.Metrics;

/**
 * The connection pool of the NeuroMail data source (HikariCP, {@code pool = hikari} in
 * {@code etc/org.ops4j.datasource-neuromail.cfg}): connections by state, threads waiting for one and
 * the pool's size limit. A data source without HikariCP has no pool metrics.
 */
@Component(service = PoolMetrics.class, immediate = true)
public class PoolMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(PoolMetrics.class);

    private final DataSource dataSource;

    @Activate
    public PoolMetrics(@Reference(target = "(dataSourceName=neuromail)") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        HikariDataSource hikari = hikari();
        if (hikari == null) {
            LOG.info("The data source is not pooled by HikariCP: /metrics has no connection pool figures");
            return;
        }
        metrics.gauge("neuromail_db_pool_connections", "Connections of the database pool by state (active, idle)",
                List.of("state"), values -> {
                    HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                    if (pool != null) {
                        values.set(pool.getActiveConnections(), "active");
                        values.set(pool.getIdleConnections(), "idle");
                    }
                });
        metrics.gauge("neuromail_db_pool_pending_threads", "Threads waiting for a connection of the database pool",
                List.of(), values -> {
                    HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                    if (pool != null) {
                        values.set(pool.getThreadsAwaitingConnection());
                    }
                });
        metrics.gauge("neuromail_db_pool_max_connections", "The size limit of the database pool", List.of(),
                values -> values.set(hikari.getMaximumPoolSize()));
    }

    void unbindMetrics(Metrics metrics) {
        // The gauges leave with the Metrics service this bundle held: nothing to undo.
    }

    private HikariDataSource hikari() {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException | LinkageError e) {
            // LinkageError: HikariCP is not installed (its import is optional).
            return null;
        }
    }
}
