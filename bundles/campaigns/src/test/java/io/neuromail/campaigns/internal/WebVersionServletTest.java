package io.neuromail.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import io.neuromail.api.security.RateLimits;

/** The public pages refuse a client over its limit with 429 and Retry-After, before looking anything up. */
class WebVersionServletTest {

    private static final class Answer {
        int status;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    private static HttpServletRequest request(String remote, String path) {
        return (HttpServletRequest) Proxy.newProxyInstance(WebVersionServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getRemoteAddr" -> remote;
                    case "getServletPath" -> WebVersionServlet.PATH;
                    case "getPathInfo" -> path;
                    default -> null;
                });
    }

    private static HttpServletResponse response(Answer answer) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                answer.body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(WebVersionServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> answer.status = (Integer) args[0];
                        case "setHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> { }
                    }
                    return null;
                });
    }

    @Test
    void aClientOverItsLimitIsToldWhenToComeBackAndOthersAreNotAffected() throws Exception {
        AtomicInteger permits = new AtomicInteger(2);
        List<String> keys = new java.util.ArrayList<>();
        RateLimits limits = (perWindow, window, maxKeys) -> key -> {
            keys.add(key);
            return key.equals("198.51.100.9") || permits.getAndDecrement() > 0 ? new RateLimits.Decision(true, 0)
                    : new RateLimits.Decision(false, 17);
        };
        // Unknown tokens: the servlet answers 404 without asking the campaigns.
        WebVersionServlet servlet = new WebVersionServlet(null, (remote, forwarded) -> remote, limits);
        for (int i = 0; i < 2; i++) {
            Answer a = new Answer();
            servlet.service(request("203.0.113.5", "/not-a-token"), response(a));
            assertEquals(404, a.status);
        }
        Answer refused = new Answer();
        servlet.service(request("203.0.113.5", "/not-a-token"), response(refused));
        assertEquals(429, refused.status);
        assertEquals("17", refused.headers.get("Retry-After"));
        Answer other = new Answer();
        servlet.service(request("198.51.100.9", "/not-a-token"), response(other));
        assertEquals(404, other.status);
        assertEquals(List.of("203.0.113.5", "203.0.113.5", "203.0.113.5", "198.51.100.9"), keys);
    }
}
