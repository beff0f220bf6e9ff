package io.neuromail.tracking.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The opens and clicks of a send, read from counters kept as hits arrive (no count over the raw
 * events). "Unique" counts messages, not hits; "human" leaves out what machines did; a click also
 * counts as an open of its message. The tracking bundle provides this service.
 */
@ProviderType
public interface Engagement {

    /** The totals of a send of the account; all zero when it has no hit (or no such send). */
    Totals totals(String accountId, String sendId);

    /** The clicks of each link of a send of the account that has any, by link number. */
    List<LinkClicks> links(String accountId, String sendId);

    /** The hours (UTC) of a send of the account in which anything was counted, oldest first. */
    List<Hour> hours(String accountId, String sendId);

    /**
     * Of a send's messages to these email domains (lower case, at most 500), how many a person opened
     * and clicked in: one entry per domain that has any, in no particular order.
     *
     * @since 1.2
     */
    List<DomainEngagement> domains(String accountId, String sendId, java.util.Collection<String> domains);

    /**
     * What people did with a send's messages to one email domain.
     *
     * @param domain           the domain of the recipients' addresses, lower case (e.g. {@code gmail.com})
     * @param uniqueHumanOpens messages to it that a person opened (or clicked in)
     * @param uniqueHumanClicks messages to it that a person clicked in
     * @since 1.2
     */
    record DomainEngagement(String domain, long uniqueHumanOpens, long uniqueHumanClicks) {
    }

    /**
     * For segments: a condition on a contact of the account (alias {@code c}) that holds when a person
     * (not a machine) opened a message of one of these sends to the contact, or with {@code clicked}
     * clicked in one. A click counts as an open.
     *
     * @param sendIds the sends (at most {@link #MAX_CONDITION_SENDS}); empty: any tracked send
     * @param since   only a first open (click) at or after this instant; {@code null}: any time
     * @since 1.3
     */
    io.neuromail.api.persistence.SqlCondition engagedContact(String accountId, boolean clicked,
                                                             java.util.Collection<String> sendIds, Instant since);

    /** The most sends one {@link #engagedContact} condition names. */
    int MAX_CONDITION_SENDS = 100;

    /** The messages of a send of the account whose unsubscribe link was used (undone ones not counted). */
    long unsubscribes(String accountId, String sendId);

    /**
     * The messages of a send of the account that a person opened (with {@code clicked}: clicked in), in
     * the order of their message ids, a page at a time.
     *
     * @param after the last message id of the previous page, or {@code null} for the first page
     * @param limit at most this many (1 and up)
     */
    List<Engaged> engaged(String accountId, String sendId, boolean clicked, String after, int limit);

    /**
     * Of these messages of the account, the ones a person opened (at most 500 ids at a time): for a
     * contact's history.
     */
    List<Engaged> engaged(String accountId, java.util.Collection<String> deliveryIds);

    /**
     * A message a person opened.
     *
     * @param deliveryId the message (its ledger row in delivery)
     * @param contactId  its contact, {@code null} when it went to an address with no contact
     * @param firstOpen  when a person first opened it (or clicked in it)
     * @param firstClick when a person first clicked in it, {@code null} if no one did
     */
    record Engaged(String deliveryId, String contactId, Instant firstOpen, Instant firstClick) {
    }

    /**
     * What happened in one hour of a send.
     *
     * @param start             the start of the hour (UTC)
     * @param humanOpens        opens not made by machines
     * @param uniqueHumanOpens  messages a person opened (or clicked) for the first time in this hour
     * @param machineOpens      opens made by machines
     * @param humanClicks       clicks not made by machines
     * @param uniqueHumanClicks messages a person clicked in for the first time in this hour
     * @param machineClicks     clicks made by machines
     * @param unsubscribes      messages whose unsubscribe link was used in this hour
     */
    record Hour(Instant start, long humanOpens, long uniqueHumanOpens, long machineOpens, long humanClicks,
                long uniqueHumanClicks, long machineClicks, long unsubscribes) {
    }

    /**
     * The totals of one send.
     *
     * @param opens             every hit of an open pixel, and every click (which opens its message too)
     * @param uniqueOpens       messages opened at least once
     * @param humanOpens        opens not made by machines
     * @param uniqueHumanOpens  messages a person opened
     * @param machineOpens      opens made by machines
     * @param clicks            every hit of a click link
     * @param uniqueClicks      messages with at least one click
     * @param humanClicks       clicks not made by machines
     * @param uniqueHumanClicks messages in which a person clicked
     * @param machineClicks     clicks made by machines
     */
    record Totals(long opens, long uniqueOpens, long humanOpens, long uniqueHumanOpens, long machineOpens, long clicks,
                  long uniqueClicks, long humanClicks, long uniqueHumanClicks, long machineClicks) {

        /** No hit at all. */
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * The clicks of one link of a send.
     *
     * @param link              the link's number, 1 and up in the order of the HTML
     * @param clicks            every click
     * @param uniqueClicks      messages in which it was clicked
     * @param humanClicks       clicks not made by machines
     */
    record LinkClicks(int link, long clicks, long uniqueClicks, long humanClicks) {
    }
}
