package io.neuromail.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

import io.neuromail.api.security.LocalPeer;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format, for the operator only — a caller
 * on this machine, or one presenting the bearer token of {@code etc/io.neuromail.metrics.cfg}.
 * <p>
 * The servlet is registered by hand with only its whiteboard properties: a DS service would carry
 * every configuration property, the token included, into the service registry, and a changed token
 * would re-register the servlet (a moment of 404s). An edited configuration applies in place.
 */
@Component(service = {}, configurationPid = MetricsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MetricsConfig.class)
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Longer Authorization headers are not looked at. */
    private static final int MAX_AUTHORIZATION = 1024;

    @Reference
    private transient MetricsRegistry registry;
    private transient ServiceRegistration<Servlet> registration;
    /** SHA-256 of the configured token, or {@code null} when none is set; the token itself is not kept. */
    private volatile byte[] tokenDigest;
    private volatile boolean allowLoopback;

    public MetricsServlet() {
    }

    MetricsServlet(MetricsRegistry registry, MetricsConfig config) {
        this.registry = registry;
        configure(config);
    }

    @Activate
    void activate(BundleContext context, MetricsConfig config) {
        configure(config);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "neuromail.metrics");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/metrics");
        registration = context.registerService(Servlet.class, this, properties);
    }

    @Modified
    void configure(MetricsConfig config) {
        String token = config.token() == null ? "" : config.token().trim();
        this.tokenDigest = token.isEmpty() ? null : sha256(token);
        this.allowLoopback = config.allowLoopback();
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!allowed(request)) {
            // A plain answer of our own rather than the container's error handling.
            response.setContentType("text/plain; charset=utf-8");
            if (tokenDigest != null) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                response.getWriter().write("The metrics need the operator's bearer token\n");
            } else {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.getWriter().write("The metrics are served to this machine only\n");
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(registry.contentType());
        registry.write(response.getOutputStream());
    }

    boolean allowed(HttpServletRequest request) {
        if (allowLoopback && LocalPeer.isLocal(request.getRemoteAddr(), request::getHeader)) {
            return true;
        }
        byte[] expected = tokenDigest;
        String authorization = request.getHeader("Authorization");
        if (expected == null || authorization == null || authorization.length() > MAX_AUTHORIZATION
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests of equal length compared in constant time: the time says nothing about the token.
        return MessageDigest.isEqual(expected, sha256(authorization.substring(7).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
