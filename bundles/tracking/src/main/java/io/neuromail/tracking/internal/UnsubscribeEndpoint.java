package io.neuromail.tracking.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.security.RateLimits;
import io.neuromail.api.rest.LogSafe;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.ContactStatusService;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.delivery.api.Unsubscribes;
import io.neuromail.delivery.api.Unsubscribes.Target;

/**
 * What {@code /unsubscribe/<token>} does, apart from the servlet plumbing:
 * <ul>
 * <li>{@code GET}/{@code HEAD}: a page naming the sender and the (masked) recipient with a button;
 * nothing changes, since mail scanners fetch every link;</li>
 * <li>{@code POST action=unsubscribe} (the button): unsubscribes, and offers an undo;</li>
 * <li>{@code POST List-Unsubscribe=One-Click} (RFC 8058, sent by mail providers without cookies):
 * unsubscribes and answers {@code 200}, never a redirect;</li>
 * <li>{@code POST action=undo} (the undo button, from this origin only): subscribes again, if the
 * address's latest change is still this link's unsubscribe and within the undo window.</li>
 * </ul>
 * Only a token that delivery resolves names anyone; everything else is a {@code 404} and changes
 * nothing. Every client address has a rate limit, checked before the token is looked up.
 */
final class UnsubscribeEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeEndpoint.class);

    /** What a token can look like (base64url and dots); anything else is not looked up. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,512}");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
    static final String ALLOW = "GET, HEAD, POST";
    /** Browsers say where a form post came from; an undo is accepted from this origin (or typed in) only. */
    private static final Set<String> UNDO_FETCH_SITES = Set.of("same-origin", "none");

    /** One request, as the servlet hands it over. */
    record Call(String method, String pathInfo, String client, String contentType, long contentLength,
                InputStream body, String fetchSite) {
    }

    /** What to answer. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Answer html(int status, String html) {
            return new Answer(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        Answer with(String header, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(header, value);
            return new Answer(status, contentType, body, Map.copyOf(all));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Where the uses of unsubscribe links are counted for the send's report. */
    interface Counter {
        /** A message's link unsubscribed its recipient at {@code at}. */
        void unsubscribed(Target target, Instant at);

        /** The unsubscribe of a message was undone. */
        void undone(Target target);
    }

    private final Unsubscribes links;
    private final ContactStatusService statuses;
    private final Counter counter;
    private final Clock clock;
    private final RateLimits.Limiter limiter;
    private final int undoDays;
    private final byte[] css;

    UnsubscribeEndpoint(Unsubscribes links, ContactStatusService statuses, Counter counter, Clock clock,
                        RateLimits.Limiter limiter, int undoDays, byte[] css) {
        if (undoDays < 1) {
            throw new IllegalArgumentException("undoDays must be at least 1, was " + undoDays);
        }
        this.links = links;
        this.statuses = statuses;
        this.counter = counter;
        this.clock = clock;
        this.limiter = limiter;
        this.undoDays = undoDays;
        this.css = css.clone();
    }

    Answer handle(Call call) throws IOException {
        if (!METHODS.contains(call.method())) {
            return Answer.html(405, Pages.problem("method", "Not allowed", "This address answers GET and POST only."))
                    .with("Allow", ALLOW);
        }
        String path = call.pathInfo() == null ? "" : call.pathInfo();
        if (path.equals(Pages.CSS_PATH.substring(Unsubscribes.PATH.length()))) {
            return call.method().equals("POST")
                    ? Answer.html(405, Pages.problem("method", "Not allowed", "A stylesheet is only read.")).with("Allow", "GET, HEAD")
                    : new Answer(200, "text/css; charset=utf-8", css, Map.of("Cache-Control", "public, max-age=3600"));
        }
        RateLimits.Decision decision = limiter.tryAcquire(call.client());
        if (!decision.allowed()) {
            // Debug only: a flood must not become a flood of log lines.
            LOG.debug("Unsubscribe requests from {} are over the rate limit", LogSafe.of(call.client()));
            return Answer.html(429, Pages.tooManyRequests(decision.retryAfterSeconds()))
                    .with("Retry-After", String.valueOf(decision.retryAfterSeconds()));
        }
        String token = path.startsWith("/") ? path.substring(1) : path;
        Optional<Target> target = TOKEN.matcher(token).matches() ? links.resolve(token) : Optional.empty();
        if (target.isEmpty()) {
            LOG.info("Unsubscribe link not valid: token {} from {}", LogText.token(token), LogSafe.of(call.client()));
            return Answer.html(404, Pages.notFound());
        }
        Target t = target.get();
        String sender = Pages.sender(t);
        String recipient = Pages.masked(t.recipient());
        if (!call.method().equals("POST")) {
            return Answer.html(200, Pages.confirm(sender, recipient));
        }

        Map<String, String> form;
        try {
            form = FormBody.parse(call.contentType(), FormBody.read(call.body(), call.contentLength(), FormBody.MAX_BYTES));
        } catch (FormBody.TooLarge e) {
            return Answer.html(413, Pages.problem("too-large", "Request too large",
                    "An unsubscribe request is at most " + FormBody.MAX_BYTES + " bytes."));
        } catch (FormBody.Unreadable e) {
            return Answer.html(e.mediaType ? 415 : 400, Pages.problem("bad-request", "Request not understood",
                    e.getMessage()));
        }

        String reason = reason(t);
        if ("One-Click".equals(form.get("List-Unsubscribe"))) {
            unsubscribe(t, token, "one-click");
            // RFC 8058: a plain 200, no redirect, no page to confirm.
            return new Answer(200, "text/plain; charset=utf-8", "Unsubscribed.\n".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        String action = form.getOrDefault("action", "");
        if (action.equals("unsubscribe")) {
            unsubscribe(t, token, "page");
            return Answer.html(200, Pages.unsubscribed(sender, recipient, undoDays));
        }
        if (action.equals("undo")) {
            if (call.fetchSite() != null && !UNDO_FETCH_SITES.contains(call.fetchSite())) {
                LOG.info("Unsubscribe undo refused: posted from another site ({}), token {}",
                        LogSafe.of(call.fetchSite()), LogText.token(token));
                return Answer.html(403, Pages.problem("forbidden", "Not allowed",
                        "Undo from the unsubscribe page itself."));
            }
            if (statuses.undoUnsubscribe(t.accountId(), t.recipient(), reason, Duration.ofDays(undoDays))) {
                LOG.info("Unsubscribe undone: account {}, message {}, token {}", t.accountId(), t.deliveryId(),
                        LogText.token(token));
                count(t, () -> counter.undone(t));
                return Answer.html(200, Pages.resubscribed(sender, recipient));
            }
            return Answer.html(409, Pages.notUndone(sender));
        }
        return Answer.html(400, Pages.problem("bad-request", "Request not understood",
                "Use the button on the unsubscribe page."));
    }

    private void unsubscribe(Target t, String token, String how) {
        boolean contact = statuses.changeStatus(t.accountId(), t.recipient(), ContactStatus.UNSUBSCRIBED,
                StatusSource.UNSUBSCRIBE_LINK, reason(t));
        LOG.info("Unsubscribed ({}): account {}, send {}, message {}, {}, token {}", how, t.accountId(), t.sendId(),
                t.deliveryId(), contact ? "contact" : "no contact", LogText.token(token));
        Instant at = clock.instant();
        count(t, () -> counter.unsubscribed(t, at));
    }

    /**
     * Counts for the report. The unsubscribe itself has happened by then: a counter that cannot be
     * written is logged and leaves the answer to the recipient as it is.
     */
    private static void count(Target t, Runnable count) {
        try {
            count.run();
        } catch (RuntimeException e) {
            LOG.warn("Unsubscribe of account {}, send {}, message {} applied but not counted in the report",
                    t.accountId(), t.sendId(), t.deliveryId(), e);
        }
    }

    /**
     * The reason kept in the contact's history. It names the message, so that only the link of the
     * message that unsubscribed can undo that unsubscribe.
     */
    static String reason(Target t) {
        return "unsubscribe link of send " + t.sendId() + ", message " + t.deliveryId();
    }
}
