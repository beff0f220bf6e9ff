package io.neuromail.filter.api;

import java.util.Objects;

/**
 * A finding in a verdict, labelled with the filter that produced it.
 *
 * @param filter  the {@value ContentFilter#PROPERTY_NAME} of the filter
 * @param finding what it found
 */
public record ReportedFinding(String filter, Finding finding) {

    public ReportedFinding {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(finding, "finding");
    }
}
