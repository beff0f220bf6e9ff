package io.neuromail.tracking.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Writes an answer of the public tracking addresses (unsubscribe pages, open pixel, click links). */
final class Responses {

    private Responses() {
    }

    /**
     * The status, the answer's headers over the ones every public answer gets, and the body (none for
     * {@code HEAD}). The token is in the address: no page may pass it on as a referrer, frame it or be
     * sniffed; pages are stricter than the server-wide policy: they run no script at all.
     */
    static void write(UnsubscribeEndpoint.Answer answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        if (answer.contentType().startsWith("text/html")) {
            response.setHeader("Content-Security-Policy", Pages.CSP);
            response.setHeader("X-Robots-Tag", "noindex, nofollow");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        response.setContentLength(answer.body().length);
        if (!"HEAD".equals(request.getMethod()) && answer.body().length > 0) {
            response.getOutputStream().write(answer.body());
        }
    }
}
