package io.neuromail.identity.internal.rest;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import io.neuromail.api.rest.ApiException;
import io.neuromail.identity.internal.ClientInfo;
import io.neuromail.identity.internal.Views.AuthenticatedSession;

/** What the authentication filter leaves on the request for the identity resources. */
final class RequestContext {

    static final String SESSION_ATTRIBUTE = "io.neuromail.identity.session";
    static final String CLIENT_ATTRIBUTE = "io.neuromail.identity.client";
    static final String SECURE_ATTRIBUTE = "io.neuromail.identity.secure";
    static final String COOKIE = "NM_SESSION";

    private RequestContext() {
    }

    /** The client as the authentication filter resolved it (behind a trusted proxy, the real one). */
    static ClientInfo client(HttpServletRequest request) {
        Object client = request.getAttribute(CLIENT_ATTRIBUTE);
        if (client instanceof ClientInfo info) {
            return info;
        }
        throw new IllegalStateException("the authentication filter did not run for this request");
    }

    static Optional<AuthenticatedSession> session(HttpServletRequest request) {
        Object s = request.getAttribute(SESSION_ATTRIBUTE);
        return s instanceof AuthenticatedSession session ? Optional.of(session) : Optional.empty();
    }

    /** The session of a request that must have been made by a browser session (not an API key). */
    static AuthenticatedSession requireSession(HttpServletRequest request) {
        return session(request).orElseThrow(() -> new ApiException(403, "Forbidden",
                "This action needs a signed-in browser session, not an API key"));
    }

    /** Whether the browser reached us over TLS (directly, or through a trusted proxy). */
    static boolean secure(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(SECURE_ATTRIBUTE));
    }

    static String sessionCookie(String token, boolean secure) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String clearedCookie(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
