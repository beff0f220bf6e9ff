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
}
