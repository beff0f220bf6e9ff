package io.neuromail.campaigns.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jsoup.nodes.Entities;

import io.neuromail.api.security.ClientAddresses;
import io.neuromail.api.security.RateLimits;
import io.neuromail.delivery.api.MessageTemplates;

/**
 * The public pages of campaigns, reached without signing in: a campaign's web version
 * ({@code /w/<token>}, the {@code {{webview_url}}} of its messages) and an account's archive
 * ({@code /archive/<token>} and its Atom feed {@code /archive/<token>/feed.atom}). The unguessable
 * token in the address is the only key. A web version shows the campaign with the fallbacks of its
 * merge tags, never a contact's data, no unsubscribe link of anyone and nothing that tracks; only
 * campaigns whose sending has begun are shown. Pages run no script and load nothing but the
 * images the campaign itself shows.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("neuromail.campaigns.public")
@HttpWhiteboardServletPattern({WebVersionServlet.PATH + "/*", WebVersionServlet.ARCHIVE_PATH + "/*"})
public class WebVersionServlet extends HttpServlet {

    public static final String PATH = "/w";
    public static final String ARCHIVE_PATH = "/archive";
    /** E-mail HTML needs its inline styles and remote images; nothing else may load or run. */
    static final String EMAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
            + "font-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; "
            + "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";
    static final int ARCHIVE_ENTRIES = 50;
    /** Requests one client address may make per minute, and how many addresses are remembered. */
    static final int PER_MINUTE = 120;
    static final int MAX_CLIENTS = 50_000;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebVersionServlet.class);

    private final transient CampaignService campaigns;
    private final transient ClientAddresses clients;
    private final transient RateLimits.Limiter limiter;

    @Activate
    public WebVersionServlet(@Reference CampaignService campaigns, @Reference ClientAddresses clients,
                             @Reference RateLimits limits) {
        this.campaigns = campaigns;
        this.clients = clients;
        this.limiter = limits.limiter(PER_MINUTE, java.time.Duration.ofMinutes(1), MAX_CLIENTS);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            send(request, response, 405, "text/plain", "Only GET");
            return;
        }
        RateLimits.Decision permit = limiter.tryAcquire(clients.of(request.getRemoteAddr(),
                request.getHeader("X-Forwarded-For")));
        if (!permit.allowed()) {
            response.setHeader("Retry-After", Long.toString(permit.retryAfterSeconds()));
            send(request, response, 429, "text/plain", "Too many requests from your address; please try again in "
                    + permit.retryAfterSeconds() + " seconds.");
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (request.getServletPath().equals(PATH)) {
                webVersion(request, response, path.startsWith("/") ? path.substring(1) : path);
            } else {
                archive(request, response, path);
            }
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Public campaign page failed (error id {})", id, e);
            response.setHeader("Retry-After", "60");
            send(request, response, 503, "text/plain", "This page is not available just now (error " + id
                    + "). Please try again in a minute.");
        }
    }

    private void webVersion(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Optional<Campaign> found = Tokens.plausible(token) ? campaigns.store().byWebviewToken(token) : Optional.empty();
        if (found.isEmpty() || !found.get().webviewEnabled() || found.get().startedAt() == null) {
            notFound(request, response);
            return;
        }
        MessageTemplates.Content rendered = campaigns.webVersion(found.get());
        String html = rendered.html() != null ? rendered.html()
                : "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + Entities.escape(rendered.subject())
                + "</title></head><body><pre style=\"white-space:pre-wrap;font-family:sans-serif\">"
                + Entities.escape(rendered.text()) + "</pre></body></html>";
        response.setHeader("Content-Security-Policy", EMAIL_CSP);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        send(request, response, 200, "text/html", html);
    }

    private void archive(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String token = path.startsWith("/") ? path.substring(1) : path;
        boolean feed = token.endsWith("/feed.atom");
        if (feed) {
            token = token.substring(0, token.length() - "/feed.atom".length());
        }
        Optional<SettingsStore.Settings> settings = Tokens.plausible(token)
                ? campaigns.settingsStore().byArchiveToken(token) : Optional.empty();
        if (settings.isEmpty() || !settings.get().archiveEnabled()) {
            notFound(request, response);
            return;
        }
        SettingsStore.Settings s = settings.get();
        List<Campaign> entries = campaigns.store().archive(s.accountId(), ARCHIVE_ENTRIES);
        String title = (s.organisationName() == null ? "Newsletter" : s.organisationName()) + " — past campaigns";
        if (feed) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    + "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>" + Entities.escape(title) + "</title>\n"
                    + "<id>urn:uuid:" + UUID.nameUUIDFromBytes(s.archiveToken().getBytes(StandardCharsets.UTF_8)) + "</id>\n"
                    + "<updated>" + atomTime(entries.isEmpty() ? Instant.EPOCH : entries.get(0).startedAt()) + "</updated>\n"
                    + "<link rel=\"self\" href=\"" + Entities.escape(request.getRequestURL().toString()) + "\"/>\n");
            for (Campaign c : entries) {
                String url = campaigns.webviewUrl(c);
                xml.append("<entry><title>").append(Entities.escape(subject(c))).append("</title><id>urn:uuid:")
                        .append(c.id()).append("</id><updated>").append(atomTime(c.startedAt())).append("</updated>")
                        .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(Entities.escape(url))
                        .append("\"/><author><name>").append(Entities.escape(s.organisationName() == null ? "" : s.organisationName()))
                        .append("</name></author></entry>\n");
            }
            xml.append("</feed>\n");
            send(request, response, 200, "application/atom+xml", xml.toString());
            return;
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Entities.escape(title)
                + "</title><link rel=\"alternate\" type=\"application/atom+xml\" href=\"" + Entities.escape(ARCHIVE_PATH + "/"
                + s.archiveToken() + "/feed.atom") + "\"><style>body{font-family:system-ui,sans-serif;max-width:40rem;"
                + "margin:2rem auto;padding:0 1rem;color:#1f2933}li{margin:.6rem 0}time{color:#52606d;font-size:.9em;"
                + "margin-left:.5rem}</style></head><body><h1>" + Entities.escape(title) + "</h1>");
        if (entries.isEmpty()) {
            html.append("<p>Nothing has been published here yet.</p>");
        } else {
            html.append("<ul>");
            for (Campaign c : entries) {
                html.append("<li><a href=\"").append(Entities.escape(campaigns.webviewUrl(c))).append("\">")
                        .append(Entities.escape(subject(c))).append("</a><time datetime=\"").append(c.startedAt())
                        .append("\">").append(DateTimeFormatter.ISO_LOCAL_DATE.format(c.startedAt()
                        .atZone(java.time.ZoneOffset.UTC))).append("</time></li>");
            }
            html.append("</ul>");
        }
        html.append("<p><a href=\"").append(Entities.escape(ARCHIVE_PATH + "/" + s.archiveToken() + "/feed.atom"))
                .append("\">Subscribe to the feed</a></p></body></html>");
        response.setHeader("Content-Security-Policy", EMAIL_CSP);
        send(request, response, 200, "text/html", html.toString());
    }

    private String subject(Campaign c) {
        return campaigns.webVersion(c).subject();
    }

    private static String atomTime(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(request, response, 404, "text/plain", "There is no page at this address. The link may be incomplete, or its "
                + "owner has taken the page down.");
    }

    private static void send(HttpServletRequest request, HttpServletResponse response, int status, String type,
                             String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type + "; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
        response.setContentLength(bytes.length);
        if (!request.getMethod().equals("HEAD")) {
            response.getOutputStream().write(bytes);
        }
    }
}
