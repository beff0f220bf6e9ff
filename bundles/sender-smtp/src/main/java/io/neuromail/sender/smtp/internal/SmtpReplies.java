package io.neuromail.sender.smtp.internal;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import io.neuromail.delivery.api.SendResult;

/** What an SMTP answer means for the ledger. */
final class SmtpReplies {

    /** 5xx codes that say the relay refuses us, not this message: every message would fail alike. */
    private static final Set<Integer> RELAY_REFUSES_US = Set.of(530, 534, 535, 538);
    private static final Pattern QUEUE_ID = Pattern.compile("queued as ([^\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY = Pattern.compile("^\\d{3}[ -]?(.*)$", Pattern.DOTALL);

    private SmtpReplies() {
    }

    /**
     * The result of a failed send: 4xx and connection failures are transient, 5xx permanent,
     * except those that refuse the relay's credentials, which fail every message until an operator acts.
     */
    static SendResult failure(String relay, MessagingException e) {
        int code = replyCode(e);
        String reason = "SMTP relay " + relay + ": " + describe(e);
        if (code >= 500 && code < 600 && !RELAY_REFUSES_US.contains(code)) {
            return SendResult.rejected(reason);
        }
        return SendResult.retryLater(Duration.ZERO, reason);
    }

    /** The relay's id for an accepted message ("250 2.0.0 Ok: queued as 4F3A2C0"), or its whole answer. */
    static String providerMessageId(String lastReply) {
        String reply = lastReply == null ? "" : lastReply.strip();
        Matcher queued = QUEUE_ID.matcher(reply);
        if (queued.find()) {
            return queued.group(1);
        }
        Matcher text = REPLY.matcher(reply);
        return text.matches() && !text.group(1).isBlank() ? text.group(1).strip() : reply;
    }

    /** The first SMTP reply code in the exception chain, or -1 when there is none (a connection failure). */
    static int replyCode(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t, e)) {
            if (t instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException f) {
                return f.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException f) {
                return f.getReturnCode();
            }
            if (t instanceof AuthenticationFailedException) {
                return 535;
            }
        }
        return -1;
    }

    /** The messages along the chain, e.g. "Invalid Addresses; 550 5.1.1 &lt;x@y&gt;: Recipient address rejected". */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = next(t, e)) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (!text.toString().contains(message)) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(message);
            }
        }
        return text.toString();
    }

    private static Throwable next(Throwable t, Throwable first) {
        Throwable next = t instanceof MessagingException m && m.getNextException() != null
                ? m.getNextException() : t.getCause();
        return next == t || next == first ? null : next;
    }
}
