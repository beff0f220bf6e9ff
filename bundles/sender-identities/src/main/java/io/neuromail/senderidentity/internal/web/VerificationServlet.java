package io.neuromail.senderidentity.internal.web;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.neuromail.senderidentity.internal.IdentityService;
import io.neuromail.senderidentity.internal.IdentityService.Link;

/**
 * The page a verification link opens, {@code /verify-sender/<token>}. Opening it changes nothing
 * (mail scanners and link previews fetch links): it shows the address and a button, whose form posts
 * to the same address and confirms it. No session is needed; the token is the proof. The page is
 * plain HTML with the UI's stylesheet, no script, under the distribution's strict CSP.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("neuromail.verify-sender")
@HttpWhiteboardServletPattern(VerificationServlet.PREFIX + "*")
public class VerificationServlet extends HttpServlet {

    static final String PREFIX = "/verify-sender/";
    private static final long serialVersionUID = 1L;

    private final transient IdentityService identities;

    @Activate
    public VerificationServlet(@Reference IdentityService identities) {
        this.identities = identities;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Link link = identities.inspect(token(request));
        switch (link.state()) {
            case VALID -> page(response, 200, "Confirm your sender address",
                    "<p>Confirm that NeuroMail may send email from <strong data-testid=\"verify-address\">"
                            + escape(link.address()) + "</strong>.</p>"
                            + "<form method=\"post\" id=\"verify-form\">"
                            + "<button type=\"submit\" class=\"btn btn-primary\" id=\"verify-confirm\" "
                            + "data-testid=\"verify-confirm\">Confirm " + escape(link.address()) + "</button></form>"
                            + "<p class=\"muted\">If you did not ask for this, close this page: nothing is sent from "
                            + "your address unless you confirm it.</p>", "valid");
            default -> notUsable(response, link);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Link link = identities.confirm(token(request), request.getRemoteAddr(), request.getHeader("User-Agent"));
        switch (link.state()) {
            case CONFIRMED -> page(response, 200, "Address confirmed",
                    "<p><strong data-testid=\"verify-address\">" + escape(link.address())
                            + "</strong> is now a verified sender address. You can close this page.</p>", "confirmed");
            default -> notUsable(response, link);
        }
    }

    private static void notUsable(HttpServletResponse response, Link link) throws IOException {
        String what = "In NeuroMail, open <em>Sender identities</em> and choose <em>Resend verification</em> for the "
                + "address to get a new link.";
        switch (link.state()) {
            case USED -> page(response, 410, "This link was used already",
                    "<p>The link confirmed <strong data-testid=\"verify-address\">" + escape(link.address())
                            + "</strong> before; a link works once. If the address is not shown as verified, "
                            + what + "</p>", "used");
            case EXPIRED -> page(response, 410, "This link has expired",
                    "<p>The link for <strong data-testid=\"verify-address\">" + escape(link.address())
                            + "</strong> is too old. " + what + "</p>", "expired");
            default -> page(response, 404, "Unknown verification link",
                    "<p>This link is not valid: it may be mistyped, replaced by a newer one, or its address was "
                            + "removed. " + what + "</p>", "unknown");
        }
    }

    private static String token(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            return null;
        }
        return path.substring(1);
    }

    private static void page(HttpServletResponse response, int status, String title, String body, String state)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\">"
                + "<title>" + escape(title) + " · NeuroMail</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/css/app.css\"></head><body>"
                + "<main class=\"card\" id=\"verify-sender\" data-testid=\"verify-sender\" data-state=\"" + state + "\">"
                + "<h1 id=\"verify-title\">" + escape(title) + "</h1>" + body + "</main></body></html>");
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
