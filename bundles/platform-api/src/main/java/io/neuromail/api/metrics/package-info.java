/**
 * Metrics any bundle can add to the operator's {@code /metrics} page (Prometheus text format). A
 * bundle references {@link io.neuromail.api.metrics.Metrics} (optionally and dynamically, so it runs
 * without the metrics feature) and asks it for counters, timers and gauges. See
 * {@code docs/extending/metrics.md}.
 */
@Export
@Version("1.0.0")
package io.neuromail.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
