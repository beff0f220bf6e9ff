package io.neuromail.metrics.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.neuromail.api.metrics.Metrics;
import io.neuromail.api.rest.NeuroMailApi;

/**
 * Counts and times every request of the NeuroMail API by method, route template and status. The
 * route comes from {@link RouteFeature} (the matched resource method's template, never the raw path
 * with its ids); a request that matched no method is counted under {@value #UNMATCHED}.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("neuromail.metrics.http")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@PreMatching
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String START = "neuromail.metrics.start";
    static final String UNMATCHED = "unmatched";

    private final MetricsRegistry registry;
    private final Metrics.Counter requests;
    private final Metrics.Timer durations;

    @Activate
    public HttpMetricsFilter(@Reference MetricsRegistry registry) {
        this.registry = registry;
        this.requests = registry.counter(this, "neuromail_http_requests",
                "Requests to the NeuroMail API by method, route template and status", "method", "route", "status");
        this.durations = registry.timer(this, "neuromail_http_request_duration_seconds",
                "Time to answer a request of the NeuroMail API, by method and route template", "method", "route");
    }

    @Deactivate
    void deactivate() {
        registry.release(this);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object route = request.getProperty(RouteFeature.ROUTE);
        String template = route instanceof String s ? s : UNMATCHED;
        String method = method(request.getMethod());
        requests.inc(method, template, Integer.toString(response.getStatus()));
        if (request.getProperty(START) instanceof Long start) {
            durations.observeNanos(System.nanoTime() - start, method, template);
        }
    }

    /** The standard methods as they are; anything else as one value, so a client cannot add labels. */
    static String method(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> method;
            default -> "other";
        };
    }
}
