package io.neuromail.web.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Answers {@code GET /} with the UI's {@code index.html}: the welcome file, in filter form.
 * <p>
 * No servlet pattern names the root alone ({@code ""} is turned into the default mapping
 * {@code /} by Pax Web), and the default context's {@code /*} belongs to the Aries JAX-RS
 * whiteboard's default application, so without this filter {@code /} would be answered by that
 * empty JAX-RS application with a 404. Every other request passes straight through.
 * <p>
 * Ranked below every other filter so that the platform's security headers are set before it answers.
 */
@Component(service = Filter.class, property = Constants.SERVICE_RANKING + ":Integer=" + RootFilter.RANKING)
@HttpWhiteboardFilterName("neuromail.web.root")
@HttpWhiteboardFilterPattern("/*")
public class RootFilter implements Filter {

    static final int RANKING = -10_000;

    private final StaticFiles files;

    @Activate
    public RootFilter(BundleContext context) {
        this(new StaticFiles(context.getBundle()::getEntry));
    }

    RootFilter(StaticFiles files) {
        this.files = files;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (isRoot(http) && ("GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod()))) {
            UiServlet.send(files.find(StaticFiles.INDEX), http, (HttpServletResponse) response);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isRoot(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        return uri != null && uri.startsWith(context) && (uri.length() == context.length() || uri.substring(context.length()).equals("/"));
    }
}
