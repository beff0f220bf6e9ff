package io.neuromail.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

import org.junit.jupiter.api.Test;

class PageMetricsFilterTest {

    private final MetricsRegistry registry = new MetricsRegistry(false);
    private final PageMetricsFilter filter = new PageMetricsFilter(registry);

    private static HttpServletRequest request(String uri, String pattern) {
        HttpServletMapping mapping = pattern == null ? null : new HttpServletMapping() {
            @Override
            public String getMatchValue() {
                return uri;
            }

            @Override
            public String getPattern() {
                return pattern;
            }

            @Override
            public String getServletName() {
                return "page";
            }

            @Override
            public MappingMatch getMappingMatch() {
                return MappingMatch.PATH;
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(PageMetricsFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getMethod" -> "GET";
                    case "getHttpServletMapping" -> mapping;
                    case "getServletPath" -> uri.startsWith("/verify-sender/") ? "/verify-sender" : uri;
                    case "getPathInfo" -> uri.startsWith("/verify-sender/") ? uri.substring(14) : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpServletResponse response(int status) {
        return (HttpServletResponse) Proxy.newProxyInstance(PageMetricsFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getStatus" -> status;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private String page() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pagesAreCountedByTheirServletMappingNeverByTheirPath() throws Exception {
        AtomicInteger passed = new AtomicInteger();
        filter.doFilter(request("/unsubscribe/secret-token-1", "/unsubscribe/*"), response(200),
                (req, res) -> passed.incrementAndGet());
        filter.doFilter(request("/unsubscribe/secret-token-2", "/unsubscribe/*"), response(200),
                (req, res) -> passed.incrementAndGet());
        filter.doFilter(request("/somewhere", null), response(404), (req, res) -> passed.incrementAndGet());
        // A container that does not tell the mapping: a prefix mapping from the servlet path.
        filter.doFilter(request("/verify-sender/secret-token-3", null), response(404), (req, res) -> passed.incrementAndGet());
        filter.doFilter(request("/", null), response(200), (req, res) -> passed.incrementAndGet());
        assertEquals(5, passed.get());
        String page = page();
        assertTrue(page.contains("neuromail_http_page_requests_total{method=\"GET\",route=\"/unsubscribe/*\",status=\"200\"} 2.0"),
                page);
        assertTrue(page.contains("neuromail_http_page_requests_total{method=\"GET\",route=\"other\",status=\"404\"} 1.0"),
                page);
        assertTrue(page.contains("neuromail_http_page_requests_total{method=\"GET\",route=\"/verify-sender/*\",status=\"404\"} 1.0"),
                page);
        assertTrue(page.contains("neuromail_http_page_requests_total{method=\"GET\",route=\"/\",status=\"200\"} 1.0"), page);
        assertFalse(page.contains("secret-token"), page);
    }

    @Test
    void theRestApiIsLeftToItsOwnFilter() throws Exception {
        AtomicInteger passed = new AtomicInteger();
        filter.doFilter(request("/api/v1/contacts", "/api/v1/*"), response(200), (req, res) -> passed.incrementAndGet());
        assertEquals(1, passed.get());
        assertFalse(page().contains("route=\"/api/v1/*\""), page());
    }
}
