package io.neuromail.tracking.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.security.RateLimits;
import io.neuromail.api.security.ClientAddresses;
import io.neuromail.contacts.api.ContactStatusService;
import io.neuromail.delivery.api.Unsubscribes;

/**
 * Serves {@code /unsubscribe/*} publicly — no login, session or CSRF token: the signed token in the
 * address is the only credential, and it can do nothing but unsubscribe (and undo that) the one
 * recipient it was made for. See {@link UnsubscribeEndpoint} for what each request does.
 * <p>
 * Rate limits count per client address as {@link ClientAddresses} finds it behind trusted proxies.
 */
@Component(service = Servlet.class, name = TrackingConfig.PID)
@Designate(ocd = TrackingConfig.class)
@HttpWhiteboardServletName(UnsubscribeServlet.NAME)
@HttpWhiteboardServletPattern(Unsubscribes.PATH + "/*")
public class UnsubscribeServlet extends HttpServlet {

    static final String NAME = "neuromail.unsubscribe";
    static final String CSS_RESOURCE = "unsubscribe.css";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeServlet.class);

    private final transient UnsubscribeEndpoint endpoint;
    private final transient ClientAddresses clients;

    @Activate
    public UnsubscribeServlet(@Reference Unsubscribes links, @Reference ContactStatusService statuses,
                              @Reference TrackingStore store, @Reference ClientAddresses clients,
                              @Reference RateLimits limits, TrackingConfig config)
            throws IOException {
        this(links, statuses, new UnsubscribeEndpoint.Counter() {
            @Override
            public void unsubscribed(Unsubscribes.Target t, Instant at) {
                store.unsubscribed(t.accountId(), t.sendId(), t.deliveryId(), at);
            }

            @Override
            public void undone(Unsubscribes.Target t) {
                store.resubscribed(t.accountId(), t.deliveryId());
            }
        }, clients, limits, config);
    }

    UnsubscribeServlet(Unsubscribes links, ContactStatusService statuses, UnsubscribeEndpoint.Counter counter,
                       ClientAddresses clients, RateLimits limits, TrackingConfig config) throws IOException {
        this.clients = clients;
        this.endpoint = new UnsubscribeEndpoint(links, statuses, counter, Clock.systemUTC(),
                limits.limiter(config.rateLimit_requestsPerMinute(), Duration.ofMinutes(1), config.rateLimit_maxClients()),
                config.undoDays(), css());
    }

    static byte[] css() throws IOException {
        try (InputStream in = UnsubscribeServlet.class.getResourceAsStream(CSS_RESOURCE)) {
            if (in == null) {
                throw new IOException(CSS_RESOURCE + " is missing from the bundle");
            }
            return in.readAllBytes();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        UnsubscribeEndpoint.Answer answer;
        try {
            answer = endpoint.handle(new UnsubscribeEndpoint.Call(request.getMethod(), request.getPathInfo(),
                    clients.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For")), request.getContentType(),
                    request.getContentLengthLong(), request.getInputStream(), request.getHeader("Sec-Fetch-Site")));
        } catch (RuntimeException e) {
            // The address book or the ledger failed (a database outage): nothing was changed, the
            // recipient or provider should try again; no detail reaches them.
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Unsubscribe request failed (error id {}, token {})", id,
                    LogText.token(request.getPathInfo() == null ? null : request.getPathInfo().substring(1)), e);
            answer = UnsubscribeEndpoint.Answer.html(503, Pages.problem("error", "Please try again",
                    "This did not work just now (error " + id + "). Nothing was changed; please try again in a minute."))
                    .with("Retry-After", "60");
        }
        Responses.write(answer, request, response);
    }
}
