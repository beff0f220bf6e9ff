package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {

    private final SecurityHeadersFilter filter = new SecurityHeadersFilter();

    @Test
    void contentSecurityPolicyAllowsNoInlineScriptNoEvalAndNoFraming() throws Exception {
        Map<String, String> headers = filter(false, "/index.html").headers;

        String csp = headers.get("Content-Security-Policy");
        assertFalse(csp.contains("'unsafe-inline'"), csp);
        assertFalse(csp.contains("'unsafe-eval'"), csp);
        List<String> directives = Arrays.stream(csp.split(";")).map(String::strip).toList();
        assertTrue(directives.contains("default-src 'self'"), csp);
        assertTrue(directives.contains("script-src 'self'"), csp);
        assertTrue(directives.contains("object-src 'none'"), csp);
        assertTrue(directives.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", headers.get("X-Frame-Options"));
    }

    @Test
    void forbidsSniffingAndReferrers() throws Exception {
        Map<String, String> headers = filter(false, "/index.html").headers;

        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("no-referrer", headers.get("Referrer-Policy"));
        assertEquals("same-origin", headers.get("Cross-Origin-Opener-Policy"));
    }

    @Test
    void strictTransportSecurityOnlyOverTls() throws Exception {
        assertEquals("max-age=31536000; includeSubDomains",
                filter(true, "/index.html").headers.get("Strict-Transport-Security"));
        assertNull(filter(false, "/index.html").headers.get("Strict-Transport-Security"));
    }

    @Test
    void apiResponsesAreNotCached() throws Exception {
        assertEquals("no-store", filter(false, "/api/v1/accounts/me").headers.get("Cache-Control"));
        assertNull(filter(false, "/app.js").headers.get("Cache-Control"));
    }

    @Test
    void passesTheSameRequestAndResponseOnExactlyOnce() throws Exception {
        Exchange exchange = filter(true, "/api/v1/health");

        assertEquals(1, exchange.chained.size());
        assertSame(exchange.request, exchange.chained.get(0)[0]);
        assertSame(exchange.response, exchange.chained.get(0)[1]);
    }

    /** Runs the filter on a request and records the headers set and the calls down the chain. */
    private Exchange filter(boolean secure, String uri) throws IOException, ServletException {
        Exchange exchange = new Exchange(secure, uri);
        filter.doFilter(exchange.request, exchange.response,
                (ServletRequest req, ServletResponse res) -> exchange.chained.add(new Object[] {req, res}));
        return exchange;
    }

    private static final class Exchange {
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<Object[]> chained = new ArrayList<>();
        final HttpServletRequest request;
        final HttpServletResponse response;

        Exchange(boolean secure, String uri) {
            request = proxy(HttpServletRequest.class, (method, args) -> switch (method) {
                case "isSecure" -> secure;
                case "getRequestURI" -> uri;
                default -> throw new UnsupportedOperationException("request." + method);
            });
            response = proxy(HttpServletResponse.class, (method, args) -> switch (method) {
                case "setHeader" -> {
                    headers.put((String) args[0], (String) args[1]);
                    yield null;
                }
                default -> throw new UnsupportedOperationException("response." + method);
            });
        }
    }

    private interface Handler {
        Object handle(String method, Object[] args);
    }

    /** A hand-written stand-in: only the methods the handler knows work, anything else fails the test. */
    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    case "toString" -> type.getSimpleName() + " stand-in";
                    default -> handler.handle(method.getName(), args);
                }));
    }
}
