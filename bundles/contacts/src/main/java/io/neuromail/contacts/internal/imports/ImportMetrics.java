package io.neuromail.contacts.internal.imports;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.neuromail.api.metrics.Metrics;

/**
 * Imports and their rows, counted when an import ends (Prometheus's {@code rate()} gives rows per
 * second). Records nothing without the metrics feature.
 */
@Component(service = ImportMetrics.class)
public class ImportMetrics {

    private record Handles(Metrics.Counter imports, Metrics.Counter rows) {
    }

    private volatile Handles handles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        handles = new Handles(
                metrics.counter("neuromail_contacts_imports", "Contact imports that ended, by state (finished, failed, cancelled)",
                        "state"),
                metrics.counter("neuromail_contacts_import_rows",
                        "Rows of finished contact imports, by outcome (created, updated, rejected)", "outcome"));
    }

    void unbindMetrics(Metrics metrics) {
        handles = null;
    }

    /** An import ended in {@code state} with these row counts (zero unless it finished). */
    void ended(String state, long created, long updated, long rejected) {
        Handles h = handles;
        if (h == null) {
            return;
        }
        h.imports().inc(state);
        h.rows().add(created, "created");
        h.rows().add(updated, "updated");
        h.rows().add(rejected, "rejected");
    }
}
