package io.neuromail.contacts.api.segments;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.neuromail.api.persistence.SqlCondition;

/**
 * A field of segment conditions that a bundle other than contacts compiles. A condition
 * {@code {"field": "<name>", "op": "...", ...}} whose field is this service's {@link #FIELD}
 * property is handed to {@link #compile}; the segment compiler puts the answer into the query over
 * the contact table, so a segment counts, lists, exports and sends to those contacts like any other.
 * <p>
 * Register the service with the property {@value #FIELD}. The answer must be a condition on the
 * contact row (alias {@code c}, id {@code c.id}), must limit every table it reads to the account
 * with a bound parameter, and must bind every value taken from the condition. It is run inside the
 * contacts bundle's transaction for the account, so it should read only through indexes that start
 * with {@code account_id}.
 */
@ConsumerType
public interface SegmentField {

    /** Service property: the value of {@code field} this service compiles (e.g. {@code activity}). */
    String FIELD = "neuromail.segment.field";

    /**
     * The SQL of one condition.
     *
     * @param accountId the account the segment belongs to
     * @param op        the condition's {@code op}
     * @param arguments the condition's other properties (not {@code field} or {@code op}), as text;
     *                  numbers arrive as their decimal text
     * @throws InvalidCondition naming the property that is wrong and why
     */
    SqlCondition compile(String accountId, String op, Map<String, String> arguments);

    /** A condition that cannot be compiled: {@code property} is {@code op} or one of the arguments. */
    final class InvalidCondition extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String property;

        public InvalidCondition(String property, String message) {
            super(message);
            this.property = property;
        }

        public String property() {
            return property;
        }
    }
}
