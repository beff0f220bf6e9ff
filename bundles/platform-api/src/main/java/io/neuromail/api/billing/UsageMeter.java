package io.neuromail.api.billing;

/**
 * How much of one {@link Limit} an account uses now, as the bundle that holds the data counts it.
 * Each such bundle registers one per limit it knows; the Billing page shows them as meters.
 */
public interface UsageMeter {

    Limit limit();

    /** The account's usage now (for a monthly limit, in the current calendar month, UTC). */
    long usage(String accountId);
}
