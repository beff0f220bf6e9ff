package io.neuromail.filter.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One check of a message before it is sent: spam wording, dangerous links, phishing, and whatever a
 * third party adds. Register an implementation as an OSGi service (best with {@link FilterService})
 * and the pipeline runs it from the next check on; unregister it and it is gone, with no restart.
 * <p>
 * A filter is called concurrently from several threads and must be thread-safe. It runs under a
 * time limit ({@link #PROPERTY_TIMEOUT} or the operator's default); when it throws or runs out of
 * time, the pipeline reports a {@link Severity#WARN} finding naming it and carries on with the
 * other filters. A filter should honour thread interruption in long loops.
 *
 * <h2>Service properties</h2>
 * <table>
 * <caption>Whiteboard properties of a content filter</caption>
 * <tr><th>property</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@value #PROPERTY_NAME}</td><td>String</td><td>unique name, e.g. {@code spam}; shown in
 * every finding, used to enable or disable the filter per account (required)</td></tr>
 * <tr><td>{@value #PROPERTY_DESCRIPTION}</td><td>String</td><td>one line for the UI and the shell</td></tr>
 * <tr><td>{@value #PROPERTY_ORDER}</td><td>Integer</td><td>position in the pipeline, lower runs
 * first (default {@value #DEFAULT_ORDER}); ties go to the higher {@code service.ranking}</td></tr>
 * <tr><td>{@value #PROPERTY_TIMEOUT}</td><td>Long</td><td>time limit in milliseconds, overriding the
 * operator's default</td></tr>
 * </table>
 */
@ConsumerType
public interface ContentFilter {

    /** Service property: the filter's unique name (required). */
    String PROPERTY_NAME = "neuromail.filter.name";

    /** Service property: a one-line description. */
    String PROPERTY_DESCRIPTION = "neuromail.filter.description";

    /** Service property: position in the pipeline, lower first. */
    String PROPERTY_ORDER = "neuromail.filter.order";

    /** Service property: the filter's own time limit in milliseconds. */
    String PROPERTY_TIMEOUT = "neuromail.filter.timeout";

    /** Order of a filter that does not say. */
    int DEFAULT_ORDER = 500;

    /**
     * Checks one message.
     *
     * @param message the message as it will be sent, analysed once for all filters
     * @return what this filter found; empty when nothing is wrong, never {@code null}
     * @throws Exception when the filter cannot do its work; the pipeline reports it as a finding
     */
    List<Finding> check(Message message) throws Exception;
}
