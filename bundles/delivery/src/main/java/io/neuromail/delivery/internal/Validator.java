package io.neuromail.delivery.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.rest.ApiException.Validation;
import io.neuromail.api.rest.ApiException;
import io.neuromail.delivery.internal.Requests.NewMessage;
import io.neuromail.delivery.internal.Requests.NewRecipient;
import io.neuromail.delivery.internal.Requests.NewSend;

/** Server-side validation of what the delivery API accepts, with a message per field. */
public final class Validator {

    /** Most recipients one {@code POST /sends} takes. */
    public static final int MAX_RECIPIENTS = 100_000;
    private static final int MAX_BODY = 1_000_000;

    private Validator() {
    }

    /** Whether {@code value} is an email address NeuroMail sends to ({@link EmailAddress}). */
    public static boolean email(String value) {
        return EmailAddress.isValid(value);
    }

    /** Validates a transactional message; throws a 422 naming every bad field. */
    public static void message(NewMessage m) {
        if (m == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        Validation v = ApiException.validation();
        content(v, m.from(), m.fromName(), m.replyTo(), m.subject(), m.text(), m.html());
        address(v, "to", m.to());
        v.throwIfInvalid();
    }

    /** Validates a send; throws a 422 naming every bad field (recipients by index). */
    public static void send(NewSend s) {
        if (s == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        Validation v = ApiException.validation();
        v.require(s.kind() == null || SendKind.CAMPAIGN.equals(s.kind()) || SendKind.TEST.equals(s.kind()), "kind",
                "kind must be campaign or test");
        content(v, s.from(), s.fromName(), s.replyTo(), s.subject(), s.text(), s.html());
        List<NewRecipient> recipients = s.recipients() == null ? List.of() : s.recipients();
        v.require(!recipients.isEmpty(), "recipients", "at least one recipient is required");
        v.require(recipients.size() <= MAX_RECIPIENTS, "recipients", "at most " + MAX_RECIPIENTS + " recipients per send");
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < recipients.size() && problems.size() < 50; i++) {
            NewRecipient r = recipients.get(i);
            String field = "recipients[" + i + "].email";
            if (r == null || !email(r.email())) {
                v.reject(field, "not a valid email address");
                problems.add(field);
            } else if (!seen.add(EmailAddress.normalize(r.email()).orElseThrow())) {
                v.reject(field, "this address is already a recipient of this send");
                problems.add(field);
            } else if (r.fields() != null) {
                for (Map.Entry<String, String> f : r.fields().entrySet()) {
                    if (!Personalisation.FIELD_NAME.matcher(f.getKey()).matches()) {
                        v.reject("recipients[" + i + "].fields", "field names are letters, digits, '_' and '.': "
                                + f.getKey());
                        problems.add(field);
                    }
                }
            }
        }
        v.throwIfInvalid();
    }

    /** Most constants of one marketing send, and the longest value of one. */
    static final int MAX_CONSTANTS = 50;
    static final int MAX_CONSTANT_CHARS = 2000;
    /** Most lists and segments one audience names, excluded ones included. */
    static final int MAX_AUDIENCE_PARTS = 100;

    /** Validates a marketing send's request; throws a 422 naming every bad field. */
    public static void marketing(io.neuromail.delivery.api.MarketingSends.Request r) {
        if (r == null || r.content() == null) {
            throw ApiException.badRequest("a request with content is required");
        }
        Validation v = ApiException.validation();
        io.neuromail.delivery.api.MessageTemplates.Content c = r.content();
        content(v, r.from(), r.fromName(), r.replyTo(), c.subject(), c.text(), c.html());
        v.require(c.preheader() == null || c.preheader().length() <= 2000, "preheader",
                "preheader has at most 2000 characters");
        v.require(r.source() == null || r.source().length() <= 200 && HeaderValues.safe(r.source()), "source",
                "source has at most 200 characters on one line");
        v.require(r.senderName() == null || r.senderName().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}"), "senderName",
                "senderName is the name of a sender (letters, digits, '_', '.', '-')");
        v.require(r.constants().size() <= MAX_CONSTANTS, "constants", "at most " + MAX_CONSTANTS + " constants");
        for (Map.Entry<String, String> e : r.constants().entrySet()) {
            if (!Personalisation.FIELD_NAME.matcher(e.getKey()).matches()) {
                v.reject("constants", "names are letters, digits, '_' and '.': " + e.getKey());
            } else if (e.getValue() != null && e.getValue().length() > MAX_CONSTANT_CHARS) {
                v.reject("constants", e.getKey() + " has more than " + MAX_CONSTANT_CHARS + " characters");
            }
        }
        if (r.test()) {
            List<io.neuromail.delivery.api.MarketingSends.TestRecipient> to = r.testRecipients();
            v.require(!to.isEmpty() && to.size() <= io.neuromail.delivery.api.MarketingSends.MAX_TEST_RECIPIENTS,
                    "testRecipients", "a test send goes to 1 to "
                            + io.neuromail.delivery.api.MarketingSends.MAX_TEST_RECIPIENTS + " addresses");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < to.size() && i <= io.neuromail.delivery.api.MarketingSends.MAX_TEST_RECIPIENTS; i++) {
                io.neuromail.delivery.api.MarketingSends.TestRecipient t = to.get(i);
                if (t == null || !email(t.email())) {
                    v.reject("testRecipients[" + i + "].email", "not a valid email address");
                } else if (!seen.add(EmailAddress.normalize(t.email()).orElseThrow())) {
                    v.reject("testRecipients[" + i + "].email", "this address is already a recipient of this send");
                } else if (t.contactId() != null && (t.contactId().length() > 36 || t.contactId().isBlank())) {
                    v.reject("testRecipients[" + i + "].contactId", "not a contact id");
                }
            }
        } else if (r.audience() == null) {
            v.reject("audience", "a send needs an audience");
        } else {
            io.neuromail.contacts.api.RecipientQuery a = r.audience();
            v.require(a.listIds().size() + a.segmentIds().size() + a.excludeListIds().size()
                    + a.excludeSegmentIds().size() <= MAX_AUDIENCE_PARTS, "audience",
                    "an audience names at most " + MAX_AUDIENCE_PARTS + " lists and segments");
            v.require(java.util.stream.Stream.of(a.listIds(), a.segmentIds(), a.excludeListIds(), a.excludeSegmentIds())
                    .flatMap(List::stream).allMatch(id -> id != null && id.length() <= 36), "audience",
                    "lists and segments are named by their ids");
        }
        v.throwIfInvalid();
    }

    private static void content(Validation v, String from, String fromName, String replyTo, String subject, String text,
                                String html) {
        address(v, "from", from);
        if (replyTo != null && !replyTo.isBlank()) {
            address(v, "replyTo", replyTo);
        }
        v.require(HeaderValues.safe(fromName), "fromName", "fromName must not contain line breaks");
        v.require(fromName == null || fromName.length() <= 200, "fromName", "fromName has at most 200 characters");
        if (subject == null || subject.isBlank()) {
            v.reject("subject", "subject is required");
        } else if (!HeaderValues.safe(subject)) {
            v.reject("subject", "subject must not contain line breaks");
        } else if (subject.length() > 998) {
            v.reject("subject", "subject has at most 998 characters");
        }
        if ((text == null || text.isBlank()) && (html == null || html.isBlank())) {
            v.reject("text", "text or html is required");
        }
        v.require(text == null || text.length() <= MAX_BODY, "text", "text has at most " + MAX_BODY + " characters");
        v.require(html == null || html.length() <= MAX_BODY, "html", "html has at most " + MAX_BODY + " characters");
    }

    private static void address(Validation v, String field, String value) {
        if (value == null || value.isBlank()) {
            v.reject(field, field + " is required");
        } else if (!HeaderValues.safe(value)) {
            v.reject(field, field + " must not contain line breaks");
        } else if (!email(value)) {
            v.reject(field, field + " is not a valid email address");
        }
    }
}
