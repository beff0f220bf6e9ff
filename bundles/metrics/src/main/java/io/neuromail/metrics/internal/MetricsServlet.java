package io.neuromail.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format, for the operator only — a caller
 * on this machine, or one presenting the bearer token of {@code etc/io.neuromail.metrics.cfg}.
 */
@Component(service = Servlet.class, configurationPid = MetricsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MetricsConfig.class)
@HttpWhiteboardServletName("neuromail.metrics")
@HttpWhiteboardServletPattern("/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A loopback peer sending one of these is a proxy on this machine speaking for someone else. */
    static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");
    /** Longer Authorization headers are not looked at. */
    private static final int MAX_AUTHORIZATION = 1024;

    private final transient MetricsRegistry registry;
    /** SHA-256 of the configured token, or {@code null} when none is set; the token itself is not kept. */
    private volatile byte[] tokenDigest;
    private volatile boolean allowLoopback;

    @Activate
    public MetricsServlet(@Reference MetricsRegistry registry, MetricsConfig config) {
        this.registry = registry;
        configure(config);
    }

    @Modified
    void configure(MetricsConfig config) {
        String token = config.token() == null ? "" : config.token().trim();
        this.tokenDigest = token.isEmpty() ? null : sha256(token);
        this.allowLoopback = config.allowLoopback();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!allowed(request)) {
            if (tokenDigest != null) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(registry.contentType());
        registry.write(response.getOutputStream());
    }

    boolean allowed(HttpServletRequest request) {
        if (allowLoopback && isLoopback(request.getRemoteAddr())
                && PROXY_HEADERS.stream().allMatch(h -> request.getHeader(h) == null)) {
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

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
