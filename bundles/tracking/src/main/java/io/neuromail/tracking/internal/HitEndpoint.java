package io.neuromail.tracking.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.rest.LogSafe;
import io.neuromail.delivery.api.TrackingLinks;
import io.neuromail.tracking.internal.UnsubscribeEndpoint.Answer;

/**
 * What {@code /t/o/<token>} (the open pixel) and {@code /t/c/<token>} (a click link) answer, apart
 * from the servlet plumbing. The work on the request thread is the token's check (no database),
 * one non-blocking queue offer, and the answer:
 * <ul>
 * <li>the pixel: a transparent 1x1 GIF that no cache keeps;</li>
 * <li>a link: {@code 302} to the address delivery stored for it ({@link TrackingLinks.Hit#target()}),
 * never to anything taken from the request; the hidden link answers a page that it is not in use;</li>
 * <li>a token delivery does not resolve, or of the other kind (a pixel's token under {@code /t/c}):
 * {@code 404}, nothing recorded.</li>
 * </ul>
 * {@code HEAD} answers as {@code GET} does and is recorded as a machine's.
 */
final class HitEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HitEndpoint.class);

    static final int MAX_TOKEN = 200;
    static final int MAX_USER_AGENT = 300;
    static final String ALLOW = "GET, HEAD";
    static final String PIXEL_CACHE = "no-store, no-cache, must-revalidate, private";

    /** The smallest transparent GIF: 1x1, one transparent colour (43 bytes). */
    private static final byte[] GIF = {
        'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0,
        0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        0x21, (byte) 0xF9, 4, 1, 0, 0, 0, 0,
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0,
        2, 2, 0x44, 1, 0,
        0x3B};

    /**
     * One request, as the servlet hands it over.
     *
     * @param purpose the request's {@code Sec-Purpose} or {@code Purpose} header, {@code null} if none
     */
    record Call(String method, String servletPath, String pathInfo, String client, String userAgent, String purpose) {
    }

    /** The longest purpose header looked at; a longer one is not a browser's. */
    private static final int MAX_PURPOSE = 64;

    /** Whether a {@code Purpose}/{@code Sec-Purpose} value says the fetch is a prefetch (e.g. {@code prefetch;prerender}). */
    static boolean prefetch(String purpose) {
        return purpose != null && purpose.length() <= MAX_PURPOSE
                && purpose.toLowerCase(java.util.Locale.ROOT).contains("prefetch");
    }

    private final TrackingLinks links;
    private final HitRecorder recorder;
    private final LongSupplier clock;

    HitEndpoint(TrackingLinks links, HitRecorder recorder, LongSupplier clock) {
        this.links = links;
        this.recorder = recorder;
        this.clock = clock;
    }

    static byte[] gif() {
        return GIF.clone();
    }

    Answer handle(Call call) {
        boolean head = call.method().equals("HEAD");
        if (!head && !call.method().equals("GET")) {
            return Answer.html(405, Pages.problem("method", "Not allowed", "This address answers GET only."))
                    .with("Allow", ALLOW);
        }
        boolean open = TrackingLinks.OPEN_PATH.equals(call.servletPath());
        String token = token(call.pathInfo());
        Optional<TrackingLinks.Hit> resolved = token == null ? Optional.empty() : links.resolve(token);
        if (resolved.isEmpty() || resolved.get().open() != open || (!open && !validTarget(resolved.get()))) {
            LOG.debug("Tracking link not valid: token {} from {}", LogText.token(token == null ? call.pathInfo() : token),
                    LogSafe.of(call.client()));
            return Answer.html(404, Pages.linkNotFound());
        }
        TrackingLinks.Hit hit = resolved.get();
        recorder.offer(new RawHit(hit, clock.getAsLong(), call.client(), cap(call.userAgent()), head,
                prefetch(call.purpose())));
        if (open) {
            return new Answer(200, "image/gif", GIF, Map.of("Cache-Control", PIXEL_CACHE, "Pragma", "no-cache",
                    "Expires", "0"));
        }
        if (hit.target() == null) {
            return new Answer(200, "text/plain; charset=utf-8",
                    "This link is not in use.\n".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        return new Answer(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", hit.target()));
    }

    /** The token of {@code /<token>}: at most {@link #MAX_TOKEN} base64url characters and dots, else null. */
    static String token(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.length() > MAX_TOKEN + 1 || pathInfo.charAt(0) != '/') {
            return null;
        }
        for (int i = 1; i < pathInfo.length(); i++) {
            char ch = pathInfo.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_' || ch == '.';
            if (!ok) {
                return null;
            }
        }
        return pathInfo.substring(1);
    }

    /**
     * The hidden link has no target; any other must be an absolute {@code http(s)} address with no
     * line break (delivery promises that; a {@code Location} header is not the place to find out).
     */
    private static boolean validTarget(TrackingLinks.Hit hit) {
        String target = hit.target();
        if (target == null) {
            return hit.link() == TrackingLinks.HONEYPOT;
        }
        String lower = target.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) < 0x21 || target.charAt(i) == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String cap(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        return userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
    }
}
