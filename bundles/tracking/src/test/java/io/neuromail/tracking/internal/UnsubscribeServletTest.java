package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

/** The servlet's part: headers on every answer, no body for HEAD, the client address behind a proxy. */
class UnsubscribeServletTest {

    final Fakes.Links links = new Fakes.Links().add(UnsubscribeEndpointTest.TOKEN, UnsubscribeEndpointTest.TARGET);
    final Fakes.Statuses statuses = new Fakes.Statuses();
    final List<String> counted = new java.util.ArrayList<>();
    final UnsubscribeEndpoint.Counter counter = new UnsubscribeEndpoint.Counter() {
        @Override
        public void unsubscribed(io.neuromail.delivery.api.Unsubscribes.Target t, java.time.Instant at) {
            counted.add("unsubscribed " + t.deliveryId());
        }

        @Override
        public void undone(io.neuromail.delivery.api.Unsubscribes.Target t) {
            counted.add("undone " + t.deliveryId());
        }
    };

    @Test
    void pagesGetTheirOwnStrictPolicyAndNeverLeakTheTokenAsReferrer() throws Exception {
        UnsubscribeServlet servlet = servlet(60);
        Recorded page = call(servlet, "GET", "/" + UnsubscribeEndpointTest.TOKEN, Map.of(), "");
        assertEquals(200, page.status);
        assertEquals(Pages.CSP, page.headers.get("Content-Security-Policy"));
        assertEquals("no-referrer", page.headers.get("Referrer-Policy"));
        assertEquals("no-store", page.headers.get("Cache-Control"));
        assertEquals("nosniff", page.headers.get("X-Content-Type-Options"));
        assertEquals("DENY", page.headers.get("X-Frame-Options"));
        assertEquals("noindex, nofollow", page.headers.get("X-Robots-Tag"));
        assertTrue(page.body().contains("data-state=\"confirm\""));

        Recorded head = call(servlet, "HEAD", "/" + UnsubscribeEndpointTest.TOKEN, Map.of(), "");
        assertEquals(200, head.status);
        assertEquals("", head.body());
        assertEquals(page.body().getBytes(StandardCharsets.UTF_8).length, head.contentLength);

        Recorded css = call(servlet, "GET", "/assets/unsubscribe.css", Map.of(), "");
        assertEquals(200, css.status);
        assertTrue(css.body().contains("--primary"), "the bundle's stylesheet");
        assertEquals("public, max-age=3600", css.headers.get("Cache-Control"));

        Recorded oneClick = call(servlet, "POST", "/" + UnsubscribeEndpointTest.TOKEN,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "List-Unsubscribe=One-Click");
        assertEquals(200, oneClick.status);
        assertEquals(null, oneClick.headers.get("Location"));
        assertEquals(1, statuses.changes.size());
        assertEquals(List.of("unsubscribed d-1"), counted);
    }

    @Test
    void anUnsubscribeThatCannotBeCountedStillHappensAndSaysSo() throws Exception {
        UnsubscribeEndpoint.Counter failing = new UnsubscribeEndpoint.Counter() {
            @Override
            public void unsubscribed(io.neuromail.delivery.api.Unsubscribes.Target t, java.time.Instant at) {
                throw new IllegalStateException("counter table locked");
            }

            @Override
            public void undone(io.neuromail.delivery.api.Unsubscribes.Target t) {
                throw new IllegalStateException("counter table locked");
            }
        };
        UnsubscribeServlet servlet = new UnsubscribeServlet(links, statuses, failing, TRUSTING_LOOPBACK, LIMITS, config(60));
        Recorded oneClick = call(servlet, "POST", "/" + UnsubscribeEndpointTest.TOKEN,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "List-Unsubscribe=One-Click");
        assertEquals(200, oneClick.status);
        assertEquals(1, statuses.changes.size(), "the address is unsubscribed all the same");
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnLimit() throws Exception {
        UnsubscribeServlet servlet = servlet(1);
        String path = "/" + UnsubscribeEndpointTest.TOKEN;
        assertEquals(200, call(servlet, "GET", path, Map.of("X-Forwarded-For", "198.51.100.1"), "").status);
        Recorded limited = call(servlet, "GET", path, Map.of("X-Forwarded-For", "198.51.100.1"), "");
        assertEquals(429, limited.status);
        assertEquals("60", limited.headers.get("Retry-After"));
        assertEquals(200, call(servlet, "GET", path, Map.of("X-Forwarded-For", "198.51.100.2"), "").status);
        assertEquals(List.of(), statuses.changes);
    }

    @Test
    void aFailingAddressBookIsA503ThatSaysNothingAboutIt() throws Exception {
        Fakes.Statuses failing = new Fakes.Statuses() {
            @Override
            public boolean changeStatus(String accountId, String email, io.neuromail.contacts.api.ContactStatus status,
                                        io.neuromail.contacts.api.StatusSource source, String reason) {
                throw new IllegalStateException("connection refused: jdbc:postgresql://db/neuromail");
            }
        };
        UnsubscribeServlet servlet = new UnsubscribeServlet(links, failing, counter, (remote, forwarded) -> remote, LIMITS, config(60));
        Recorded answer = call(servlet, "POST", "/" + UnsubscribeEndpointTest.TOKEN,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "List-Unsubscribe=One-Click");
        assertEquals(503, answer.status);
        assertEquals("60", answer.headers.get("Retry-After"));
        assertTrue(answer.body().contains("data-state=\"error\""), answer.body());
        assertTrue(!answer.body().contains("jdbc") && !answer.body().contains("Exception"), answer.body());
        assertEquals(List.of(), counted, "what did not happen is not counted");
    }

    /** Limits that count requests per key within the test (no refill): the servlet's use of the service. */
    private static final io.neuromail.api.security.RateLimits LIMITS = (permits, window, maxKeys) -> {
        Map<String, Integer> used = new java.util.concurrent.ConcurrentHashMap<>();
        return key -> used.merge(key, 1, Integer::sum) <= permits
                ? new io.neuromail.api.security.RateLimits.Decision(true, 0)
                : new io.neuromail.api.security.RateLimits.Decision(false, window.toSeconds() / permits);
    };

    /** The rule of the identity bundle, trusting a proxy on 127.0.0.1. */
    private static final io.neuromail.api.security.ClientAddresses TRUSTING_LOOPBACK = (remote, forwarded) -> {
        if (forwarded == null || !remote.equals("127.0.0.1")) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].strip();
    };

    private static TrackingConfig config(int perMinute) {
        return (TrackingConfig) Proxy.newProxyInstance(UnsubscribeServletTest.class.getClassLoader(),
                new Class<?>[] {TrackingConfig.class}, (proxy, m, args) -> m.getName().equals("rateLimit_requestsPerMinute")
                        ? perMinute : m.getDefaultValue());
    }

    private UnsubscribeServlet servlet(int perMinute) throws Exception {
        return new UnsubscribeServlet(links, statuses, counter, TRUSTING_LOOPBACK, LIMITS, config(perMinute));
    }

    private static Recorded call(UnsubscribeServlet servlet, String method, String pathInfo, Map<String, String> headers,
                                 String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                UnsubscribeServletTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getContentType" -> headers.get("Content-Type");
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getInputStream" -> stream;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Recorded recorded = new Recorded();
        servlet.service(request, recorded.response());
        return recorded;
    }

    /** A response that records what is done to it. */
    static final class Recorded {
        int status = 200;
        int contentLength = -1;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse response() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(Recorded.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "setContentType" -> {
                            headers.put("Content-Type", (String) args[0]);
                            yield null;
                        }
                        case "setContentLength" -> {
                            contentLength = (Integer) args[0];
                            yield null;
                        }
                        case "setHeader" -> {
                            headers.put((String) args[0], (String) args[1]);
                            yield null;
                        }
                        case "getOutputStream" -> stream;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }
}
