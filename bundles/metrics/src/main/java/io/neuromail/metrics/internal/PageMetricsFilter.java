package io.neuromail.metrics.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.neuromail.api.metrics.Metrics;

/**
 * Counts and times what the servlets serve besides the REST API: the UI and its pages' files, the
 * public unsubscribe and sender-verification pages, {@code /metrics}. The route is the servlet's
 * mapping ({@code /unsubscribe/*}), never the raw path with its tokens; the REST API is left to
 * {@link HttpMetricsFilter}, which knows its resource templates.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("neuromail.metrics.pages")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public class PageMetricsFilter implements Filter {

    static final String API_PREFIX = "/api/";
    static final String OTHER = "other";

    private final MetricsRegistry registry;
    private final Metrics.Counter requests;
    private final Metrics.Timer durations;

    @Activate
    public PageMetricsFilter(@Reference MetricsRegistry registry) {
        this.registry = registry;
        this.requests = registry.counter(this, "neuromail_http_page_requests",
                "Requests outside the REST API (UI, public pages, metrics) by method, servlet mapping and status",
                "method", "route", "status");
        this.durations = registry.timer(this, "neuromail_http_page_request_duration_seconds",
                "Time to answer a request outside the REST API, by method and servlet mapping", "method", "route");
    }

    @Deactivate
    void deactivate() {
        registry.release(this);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)
                || isApi(http)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            String method = HttpMetricsFilter.method(http.getMethod());
            String route = route(http);
            requests.inc(method, route, Integer.toString(answer.getStatus()));
            durations.observeNanos(System.nanoTime() - start, method, route);
        }
    }

    static boolean isApi(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri != null && uri.startsWith(API_PREFIX);
    }

    /**
     * The pattern the request's servlet is mapped with, one value for anything else, so labels stay
     * few: the container's mapping when it tells one; else, for a prefix mapping ({@code /x/*}), the
     * servlet path and {@code /*}; the root itself as {@code /}.
     */
    static String route(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String pattern = mapping == null ? null : mapping.getPattern();
        if (pattern == null || pattern.isEmpty()) {
            String servletPath = request.getServletPath();
            if (request.getPathInfo() != null && servletPath != null) {
                pattern = servletPath + "/*";
            } else if ("/".equals(request.getRequestURI())) {
                pattern = "/";
            }
        }
        return pattern == null || pattern.isEmpty() || pattern.length() > 100 ? OTHER : pattern;
    }
}
