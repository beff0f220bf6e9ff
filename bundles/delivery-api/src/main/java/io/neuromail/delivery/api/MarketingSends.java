package io.neuromail.delivery.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.neuromail.api.security.Caller;
import io.neuromail.contacts.api.RecipientQuery;

/**
 * Starts and steers marketing sends written in {@link MessageTemplates} Liquid, for bundles such as
 * campaigns. Every send passes the same gate as every other path: the caller may send, the From
 * address is a verified sender identity of the account, the content filters admit the content (a
 * warning needs {@link Request#acknowledgeWarnings()}), and suppressed or unsubscribed contacts are
 * skipped at hand-off. Refusals are thrown as {@link io.neuromail.api.rest.ApiException}s that name
 * the field at fault. The delivery bundle provides this service.
 *
 * @since 1.3
 */
@ProviderType
public interface MarketingSends {

    /** The most addresses of a test send. */
    int MAX_TEST_RECIPIENTS = 10;

    /**
     * Creates a send and queues it. For an audience, the recipients (subscribed, unsuppressed, each
     * address once) are copied set-based inside the database into the ledger: nothing is read into
     * memory, and merge values are read from the contact when its message is rendered.
     */
    Started start(Caller caller, Request request);

    /** How far a send of the account has come; empty when the account has no such send. */
    java.util.Optional<Progress> progress(String accountId, String sendId);

    /**
     * A send of the account by the email domain of its recipients: the {@code limit} domains (1 to
     * 100) with the most recipients, most first (ties by name); empty when there is no such send.
     *
     * @since 1.6
     */
    java.util.List<DomainProgress> domains(String accountId, String sendId, int limit);

    /**
     * What became of a send's messages to one email domain.
     *
     * @param domain      the domain of the recipients' addresses, lower case (e.g. {@code gmail.com})
     * @param recipients  messages to it
     * @param sent        of those, handed to the sender
     * @param bounces     permanent bounces the provider reported
     * @param softBounces transient bounces the provider reported
     * @param complaints  complaints (marked as spam) the provider reported
     * @since 1.6
     */
    record DomainProgress(String domain, long recipients, long sent, long bounces, long softBounces, long complaints) {
    }

    /**
     * The addresses some messages of a send of the account went to, by message id (the ids tracking
     * reports); ids of other sends or accounts are left out. At most 1,000 ids at a time.
     *
     * @since 1.5
     */
    Map<String, String> recipients(String accountId, String sendId, java.util.Collection<String> deliveryIds);

    /**
     * The marketing messages delivery has for a contact of the account (test sends left out), newest
     * first, at most {@code limit}.
     *
     * @since 1.5
     */
    List<ContactMessage> messagesOf(String accountId, String contactId, int limit);

    /**
     * For segments: a condition on a contact of the account (alias {@code c}) that holds when a
     * marketing message of one of these sends went to the contact, that is, a sender took it (test
     * sends never count).
     *
     * @param sendIds the sends (at most {@link #MAX_CONDITION_SENDS}); empty: any marketing send
     * @param since   only messages queued at or after this instant; {@code null}: any time
     * @since 1.7
     */
    io.neuromail.api.persistence.SqlCondition sentTo(String accountId, java.util.Collection<String> sendIds,
                                                     java.time.Instant since);

    /** The most sends one {@link #sentTo} condition names. */
    int MAX_CONDITION_SENDS = 100;

    /**
     * A message to a contact.
     *
     * @param sendId     its send
     * @param deliveryId the message (its ledger row)
     * @param state      {@code queued}, {@code handed_off}, {@code sent}, {@code failed}, {@code suppressed}
     *                   or {@code uncertain}
     * @param at         when its state last changed, epoch milliseconds
     */
    record ContactMessage(String sendId, String deliveryId, String state, long at) {
    }

    /**
     * Applies {@code action} ({@code pause}, {@code resume}, {@code cancel}, {@code resend-failed},
     * {@code resend-uncertain}) to a send of the caller's account.
     *
     * @throws io.neuromail.api.rest.ApiException 404 when there is no such send, 409 when the send's
     *                                            state does not allow the action
     */
    Progress act(Caller caller, String sendId, String action);

    /**
     * What to send.
     *
     * @param test                 a test send: goes to {@link #testRecipients()} only, marked as a test
     * @param source               who asked, e.g. {@code campaign:<id>}; kept with the send
     * @param senderName           the sender to use, {@code null} for the account's
     * @param from                 the From address, a verified sender identity of the account
     * @param fromName             the From display name, may be {@code null}
     * @param replyTo              the Reply-To address, may be {@code null}
     * @param content              the Liquid templates
     * @param constants            values the same for every recipient ({@code account_name},
     *                             {@code postal_address}, {@code webview_url}, ...)
     * @param acknowledgeWarnings  whether the caller accepts a {@code WARN} verdict of the filters
     * @param audience             who a real send goes to; {@code null} for a test send
     * @param testRecipients       who a test send goes to (at most {@link #MAX_TEST_RECIPIENTS})
     * @param tracked              whether opens and clicks are tracked ({@link TrackingLinks}): the HTML
     *                             messages get an open pixel and their web links become click links.
     *                             Test sends are never tracked.
     */
    record Request(boolean test, String source, String senderName, String from, String fromName, String replyTo,
                   MessageTemplates.Content content, Map<String, String> constants, boolean acknowledgeWarnings,
                   RecipientQuery audience, List<TestRecipient> testRecipients, boolean tracked) {

        public Request {
            constants = constants == null ? Map.of() : Map.copyOf(constants);
            testRecipients = testRecipients == null ? List.of() : List.copyOf(testRecipients);
        }

        /** A request without tracking (as before 1.4). */
        public Request(boolean test, String source, String senderName, String from, String fromName, String replyTo,
                       MessageTemplates.Content content, Map<String, String> constants, boolean acknowledgeWarnings,
                       RecipientQuery audience, List<TestRecipient> testRecipients) {
            this(test, source, senderName, from, fromName, replyTo, content, constants, acknowledgeWarnings, audience,
                    testRecipients, false);
        }
    }

    /**
     * One address of a test send.
     *
     * @param email     where the test goes
     * @param contactId the contact whose values fill the merge tags, {@code null} for the fallbacks only
     */
    record TestRecipient(String email, String contactId) {
    }

    /**
     * A send that was created.
     *
     * @param sendId     its id
     * @param recipients how many rows its ledger got
     * @param verdict    the content filters' decision ({@code ALLOW} or {@code WARN})
     */
    record Started(String sendId, long recipients, String verdict) {
    }

    /**
     * The state and counts of a send.
     *
     * @param state       {@code running}, {@code paused}, {@code auto-paused}, {@code finished} or
     *                    {@code cancelled}
     * @param stateReason why it is in that state, may be {@code null}
     * @param total       rows of its ledger
     * @param queued      rows not yet handed off
     * @param sent        rows the sender accepted
     * @param failed      rows that failed
     * @param suppressed  rows skipped because the address was suppressed or unsubscribed
     * @param uncertain   rows whose outcome is unknown
     * @param perMinute   messages handed off in the last minute
     * @param createdAt   when it was created, epoch milliseconds
     * @param finishedAt  when it finished, epoch milliseconds, or {@code null}
     * @param bounces     permanent bounces the provider reported (since 1.5)
     * @param softBounces transient bounces the provider reported (since 1.5)
     * @param complaints  complaints (marked as spam) the provider reported (since 1.5)
     */
    record Progress(String sendId, String state, String stateReason, long total, long queued, long sent, long failed,
                    long suppressed, long uncertain, long perMinute, long createdAt, Long finishedAt, long bounces,
                    long softBounces, long complaints) {

        /** A send's progress without provider feedback (as before 1.5). */
        public Progress(String sendId, String state, String stateReason, long total, long queued, long sent, long failed,
                        long suppressed, long uncertain, long perMinute, long createdAt, Long finishedAt) {
            this(sendId, state, stateReason, total, queued, sent, failed, suppressed, uncertain, perMinute, createdAt,
                    finishedAt, 0, 0, 0);
        }
    }
}
