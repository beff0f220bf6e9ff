package io.neuromail.filter.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The filter pipeline: checks a message with every registered, enabled {@link ContentFilter}, in
 * order, each under its time limit, and gives the verdict. A filter that fails or runs out of time
 * becomes a {@link Severity#WARN} finding naming it; a check never fails because of a filter.
 */
@ProviderType
public interface ContentCheck {

    /**
     * Checks a message with the account's settings (thresholds and enabled filters), or the
     * operator's defaults when the account has none.
     *
     * @param accountId the account the message belongs to
     * @param email     the message as it will be sent
     */
    Verdict check(String accountId, Email email);

    /** Checks a message with the operator's default settings. */
    Verdict check(Email email);

    /** The filters registered now, in pipeline order. */
    List<FilterInfo> filters();

    /**
     * A registered filter.
     *
     * @param name        its {@value ContentFilter#PROPERTY_NAME}
     * @param description its {@value ContentFilter#PROPERTY_DESCRIPTION}
     * @param order       its {@value ContentFilter#PROPERTY_ORDER}
     * @param ranking     its {@code service.ranking}
     * @param bundle      the symbolic name of the bundle that registered it
     * @param timeoutMillis its time limit
     * @param enabledByDefault whether the operator's defaults run it
     */
    record FilterInfo(String name, String description, int order, int ranking, String bundle,
                      long timeoutMillis, boolean enabledByDefault) {
    }
}
