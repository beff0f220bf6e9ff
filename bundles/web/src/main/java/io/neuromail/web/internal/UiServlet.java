package io.neuromail.web.internal;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the web UI's files in the default HTTP context: {@code /index.html} and {@code /assets/*}
 * by exact and path mappings, and everything else, the root included, as the default servlet
 * ({@code /}), which the servlet specification ranks below every other mapping. The API lives in
 * its own context at {@code /api/v1}, and pages that other bundles serve (e.g. {@code /ui/contacts/*})
 * have longer paths, so neither is ever shadowed by this servlet. (The JAX-RS whiteboard's default
 * application would claim {@code /*}; the distribution moves it away in
 * {@code etc/org.apache.aries.jax.rs.whiteboard.default.cfg}.)
 * <p>
 * A servlet rather than a whiteboard resource, because the UI needs things a resource mapping does
 * not promise: an exact JavaScript media type for ES modules (browsers refuse modules served
 * otherwise under {@code nosniff}), revalidation on every load so an upgraded server never runs a
 * stale mix of modules, and no directory listings.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName(UiServlet.NAME)
@HttpWhiteboardServletPattern({"/", StaticFiles.INDEX, StaticFiles.ASSETS + "*"})
public class UiServlet extends HttpServlet {

    static final String NAME = "neuromail.web";

    private static final long serialVersionUID = 1L;

    private final transient StaticFiles files;

    @Activate
    public UiServlet(BundleContext context) {
        this.files = new StaticFiles(context.getBundle()::getEntry);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        send(files.find(path), request, response);
    }

    /** Answers with {@code file}, a 304 when the client has it already, or a plain 404 when it is empty. */
    static void send(Optional<StaticFiles.File> found, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (found.isEmpty()) {
            // A plain answer of our own rather than the container's HTML error page.
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write("Not found\n");
            return;
        }
        StaticFiles.File file = found.get();
        // Revalidate on every use: cheap with the ETag, and never a stale module after an upgrade.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", file.etag());
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(file.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(file.contentType());
        response.setContentLength(file.content().length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(file.content());
        }
    }
}
