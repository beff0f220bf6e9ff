package io.neuromail.contacts.api;

import java.util.NoSuchElementException;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/** Streams the recipients of a send, without holding them all in memory. */
@ProviderType
public interface Recipients {

    /**
     * Calls {@code sink} once per recipient of {@code query} in the account: subscribed, not
     * suppressed, each address once, ordered by contact id.
     *
     * @return how many recipients were passed to {@code sink}
     * @throws NoSuchElementException when a list or segment of the query does not exist in the account
     */
    long forEach(String accountId, RecipientQuery query, Consumer<Recipient> sink);

    /** How many recipients {@link #forEach} would give now. */
    long count(String accountId, RecipientQuery query);

    /**
     * The recipients of {@code query} as one SQL {@code SELECT} with the columns {@code contact_id}
     * and {@code email} (normalised as in {@link Recipient#email()}), for copying them set-based into
     * a table of the same database ({@code INSERT ... SELECT}) without reading them into memory.
     * The statement binds the account itself; it is valid for the database the contacts bundle uses.
     *
     * @throws NoSuchElementException when a list or segment of the query does not exist in the account
     * @since 1.2
     */
    Selection select(String accountId, RecipientQuery query);

    /**
     * The contacts of the account with the given ids, with their merge values, by contact id. Ids of
     * other accounts' contacts and of deleted contacts are left out; so are no other contacts. Whether a
     * contact is subscribed is not looked at: callers that send check the status themselves.
     *
     * @param contactIds at most {@link Suppressions#MAX_BATCH} ids
     * @since 1.2
     */
    java.util.Map<String, Recipient> byIds(String accountId, java.util.Collection<String> contactIds);

    /**
     * The names of the account's custom attributes, which messages may use as merge values.
     *
     * @since 1.2
     */
    java.util.Set<String> attributeNames(String accountId);

    /**
     * A SQL query and its parameters, in order.
     *
     * @param sql        a {@code SELECT} that can stand as a sub-query ({@code SELECT ... FROM (<sql>) r})
     * @param parameters the values of its {@code ?} placeholders
     * @since 1.2
     */
    record Selection(String sql, java.util.List<Object> parameters) {

        public Selection {
            parameters = java.util.List.copyOf(parameters);
        }
    }
}
