package io.neuromail.tracking.internal;

import java.io.IOException;
import java.util.function.LongSupplier;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.neuromail.api.security.ClientAddresses;
import io.neuromail.delivery.api.TrackingLinks;

/**
 * Serves the open pixel ({@code /t/o/*}) and the click links ({@code /t/c/*}) publicly: no login,
 * session or cookie. See {@link HitEndpoint} for the answers and {@link HitRecorder} for what
 * becomes of a hit. The client address is {@link ClientAddresses}' (behind trusted proxies).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName(HitServlet.NAME)
@HttpWhiteboardServletPattern({TrackingLinks.OPEN_PATH + "/*", TrackingLinks.CLICK_PATH + "/*"})
public class HitServlet extends HttpServlet {

    static final String NAME = "neuromail.tracking.hits";

    private static final long serialVersionUID = 1L;

    private final transient HitEndpoint endpoint;
    private final transient ClientAddresses clients;

    @Activate
    public HitServlet(@Reference TrackingLinks links, @Reference HitRecorder recorder,
                      @Reference ClientAddresses clients) {
        this(links, recorder, clients, System::currentTimeMillis);
    }

    HitServlet(TrackingLinks links, HitRecorder recorder, ClientAddresses clients, LongSupplier clock) {
        this.endpoint = new HitEndpoint(links, recorder, clock);
        this.clients = clients;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UnsubscribeEndpoint.Answer answer = endpoint.handle(new HitEndpoint.Call(request.getMethod(),
                request.getServletPath(), request.getPathInfo(),
                clients.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For")),
                request.getHeader("User-Agent"), request.getHeader("Sec-Purpose") != null
                        ? request.getHeader("Sec-Purpose") : request.getHeader("Purpose")));
        Responses.write(answer, request, response);
    }
}
