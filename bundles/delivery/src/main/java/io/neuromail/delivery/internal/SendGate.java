package io.neuromail.delivery.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.neuromail.api.rest.ApiException;
import io.neuromail.delivery.internal.Views.VerdictView;
import io.neuromail.filter.api.ContentCheck;
import io.neuromail.filter.api.Decision;
import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Verdict;
import io.neuromail.senderidentity.api.SenderIdentities;

/**
 * The one gate every message and send of an account passes before anything is queued, whichever way
 * it came (API, UI, test message, and campaigns later): its From must be one of the account's
 * verified sender identities (asked again before every hand-off, see {@link #stillVerified}), a marketing send needs the public base URL for its unsubscribe links,
 * and the content filters check its subject and bodies once. A {@code BLOCK} refuses it; a
 * {@code WARN} refuses it unless the sender acknowledged the warnings. What is not running (the
 * identities, the filters) refuses too: nothing is sent unchecked.
 */
final class SendGate {

    /** What a send was admitted with: the verdict, to store with it. */
    record Admitted(VerdictView verdict) {
        String decision() {
            return verdict.decision();
        }

        String json() {
            return Verdicts.write(verdict);
        }
    }

    /** What is checked: one message or the template of a send. */
    record Content(String kind, String from, String replyTo, String subject, String text, String html,
                   boolean acknowledgeWarnings, boolean rendered) {

        /** Content as written: a marketing message's unsubscribe link or footer is added for the filters. */
        Content(String kind, String from, String replyTo, String subject, String text, String html,
                boolean acknowledgeWarnings) {
            this(kind, from, replyTo, subject, text, html, acknowledgeWarnings, false);
        }
    }

    private final Supplier<SenderIdentities> identities;
    private final Supplier<ContentCheck> filters;
    private final MessageBuilder builder;

    SendGate(Supplier<SenderIdentities> identities, Supplier<ContentCheck> filters, MessageBuilder builder) {
        this.identities = identities;
        this.filters = filters;
        this.builder = builder;
    }

    /** Admits {@code content} for the caller's account, or throws the problem that says why not. */
    Admitted admit(io.neuromail.api.security.Caller caller, Content content) {
        String accountId = caller.accountId();
        if (!caller.maySend()) {
            throw ApiException.forbidden("this account sends nothing until its owner confirms their email address: "
                    + "open the link NeuroMail mailed to it (the account page can send it again)");
        }
        requireVerified(accountId, content.from());
        if (SendContent.marketing(content.kind()) && !builder.canBuildMarketing()) {
            throw new ApiException(503, "Service Unavailable", "marketing mail needs the public address of this "
                    + "server for its unsubscribe links, and the operator has not set it (baseUrl in "
                    + "etc/io.neuromail.public.cfg)");
        }
        ContentCheck check = filters.get();
        if (check == null) {
            throw unavailable("the content filters are not running; nothing is sent unchecked");
        }
        // The filters see the message as it will go out: a marketing message with its unsubscribe link.
        // Content already rendered (Liquid marketing sends) has its link or footer in place.
        boolean marketing = SendContent.marketing(content.kind()) && !content.rendered();
        String link = marketing ? builder.sampleUnsubscribeUrl() : null;
        Verdict verdict = check.check(accountId, new Email(content.subject(), content.from(), content.replyTo(),
                marketing ? UnsubscribeFooter.preview(content.html(), true, link) : content.html(),
                marketing ? UnsubscribeFooter.preview(content.text(), false, link) : content.text(), Map.of()));
        VerdictView view = Verdicts.view(verdict, content.acknowledgeWarnings());
        if (verdict.decision() == Decision.BLOCK) {
            throw new ApiException(422, "Blocked By Content Filters", "The content filters block this message: "
                    + reasons(verdict, io.neuromail.filter.api.Severity.BLOCK) + ". Change the content and try again.",
                    List.of(new ApiException.FieldError("content", "blocked: " + reasons(verdict, null))), Map.of())
                    .with("verdict", view);
        }
        if (verdict.decision() == Decision.WARN && !content.acknowledgeWarnings()) {
            throw new ApiException(422, "Content Filters Warn", "The content filters warn about this message: "
                    + reasons(verdict, io.neuromail.filter.api.Severity.WARN) + ". Change the content, or send it again "
                    + "with \"acknowledgeWarnings\": true to send it anyway.",
                    List.of(new ApiException.FieldError("acknowledgeWarnings", "the content filters warn: "
                            + reasons(verdict, null) + "; set acknowledgeWarnings to true to send anyway")), Map.of())
                    .with("verdict", view);
        }
        return new Admitted(view);
    }

    /**
     * Refuses {@code from} unless it is a verified sender identity of the account now: when a send is
     * created, and again when a paused send is resumed or its failures resent.
     */
    void requireVerified(String accountId, String from) {
        Optional<Boolean> verified = stillVerified(accountId, from);
        if (verified.isEmpty()) {
            throw unavailable("sender identities are not available right now; nothing is sent until they are");
        }
        if (!verified.get()) {
            throw ApiException.invalid("from", from + " is not a verified sender identity of this account. "
                    + "Add the address or its domain under Sender identities (POST /api/v1/sender-identities) and "
                    + "verify it: an address by the link mailed to it, a domain by a DNS TXT record");
        }
    }

    /**
     * Whether {@code from} is a verified sender identity of the account now; empty while the identities
     * are not running. The delivery workers ask it before each hand-off, so a send whose identity
     * failed its re-check or was removed stops before its next message.
     */
    Optional<Boolean> stillVerified(String accountId, String from) {
        SenderIdentities known = identities.get();
        return known == null ? Optional.empty() : Optional.of(known.isVerified(accountId, from));
    }

    /** The messages of the findings that made the decision (or of all findings with a score). */
    private static String reasons(Verdict verdict, io.neuromail.filter.api.Severity severity) {
        List<String> messages = verdict.findings().stream()
                .filter(f -> severity == null ? f.finding().score() > 0 || f.finding().severity() != io.neuromail.filter.api.Severity.INFO
                        : f.finding().severity() == severity)
                .map(f -> f.finding().message()).distinct().limit(5).toList();
        if (messages.isEmpty()) {
            return String.format(java.util.Locale.ROOT, "the score %.1f reaches the threshold %.1f", verdict.score(),
                    severity == io.neuromail.filter.api.Severity.WARN ? verdict.warnThreshold() : verdict.blockThreshold());
        }
        return messages.stream().collect(Collectors.joining("; "));
    }

    /** The problem while the address book cannot say which addresses are suppressed. */
    static ApiException addressBookUnavailable() {
        return unavailable("the address book is not available to check the suppression list; nothing is sent "
                + "until it is");
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail, List.of(), Map.of("Retry-After", "30"));
    }
}
