package io.neuromail.tracking.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The open pixel's answer with none of its work (no token, no queue), at {@code /t/baseline.gif}: what
 * {@code bench/tracking} compares the real pixel and click link with, in the same server. It runs only
 * while the configuration {@code io.neuromail.tracking.baseline} exists (the benchmark writes
 * {@code etc/io.neuromail.tracking.baseline.cfg}); a normal installation never has it.
 */
@Component(service = Servlet.class, configurationPid = BaselineServlet.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@HttpWhiteboardServletName("neuromail.tracking.baseline")
@HttpWhiteboardServletPattern(BaselineServlet.PATH)
public class BaselineServlet extends HttpServlet {

    static final String PID = "io.neuromail.tracking.baseline";
    static final String PATH = "/t/baseline.gif";

    private static final long serialVersionUID = 1L;
    private static final byte[] GIF = HitEndpoint.gif();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("image/gif");
        response.setHeader("Cache-Control", HitEndpoint.PIXEL_CACHE);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(GIF.length);
        response.getOutputStream().write(GIF);
    }
}
