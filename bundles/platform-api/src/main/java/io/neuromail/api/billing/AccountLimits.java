package io.neuromail.api.billing;

import java.util.OptionalLong;

import io.neuromail.api.rest.ApiException;

/**
 * The limits of an account's plan. Work that would take an account past a limit is refused where it
 * is accepted (an import, a new contact, a send, an invitation), before anything of it is done, with
 * {@link #exceeded}'s problem: never half-way.
 */
public interface AccountLimits {

    /** The most the account may have of {@code limit} now; empty for no limit (billing off, or an unlimited plan). */
    OptionalLong limit(String accountId, Limit limit);

    /**
     * Refuses work that would take the account past its limit: {@code usage} is what the account has
     * (or used this month) now, {@code adding} what the work adds.
     *
     * @throws ApiException {@code 402} naming the limit, the usage and the plan's allowance
     */
    default void require(String accountId, Limit limit, long usage, long adding) {
        OptionalLong allowed = limit(accountId, limit);
        if (allowed.isPresent() && usage + adding > allowed.getAsLong()) {
            throw exceeded(limit, usage, adding, allowed.getAsLong());
        }
    }

    /** The problem of work refused for a limit: {@code 402} with {@code limit}, {@code usage}, {@code adding}, {@code allowed}. */
    static ApiException exceeded(Limit limit, long usage, long adding, long allowed) {
        return new ApiException(402, "Plan Limit Reached", "This account's plan allows " + allowed + " " + limit.words()
                + "; it has " + usage + " and this would add " + adding + ". Nothing was changed. An owner can "
                + "choose a larger plan on the Billing page.")
                .with("limit", limit.id()).with("usage", usage).with("adding", adding).with("allowed", allowed);
    }
}
