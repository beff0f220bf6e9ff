package io.neuromail.rest.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Puts the browser security headers on every response the distribution serves, the UI's and the
 * API's alike: a CSP that allows no inline script and no eval, no sniffing, no framing, no referrer
 * leaks, and HSTS whenever the request came over TLS.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("neuromail.securityHeaders")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public class SecurityHeadersFilter implements Filter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Content-Security-Policy", CSP);
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("X-Frame-Options", "DENY");
        http.setHeader("Referrer-Policy", "no-referrer");
        http.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        http.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (request.isSecure()) {
            http.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (((HttpServletRequest) request).getRequestURI().startsWith("/api/")) {
            http.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
