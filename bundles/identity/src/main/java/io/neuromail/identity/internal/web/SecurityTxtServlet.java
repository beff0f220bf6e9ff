package io.neuromail.identity.internal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.rest.PublicAddress;
import io.neuromail.identity.internal.SecurityTxt;
import io.neuromail.identity.internal.SecurityTxtConfig;

/**
 * Serves {@code /.well-known/security.txt} (RFC 9116) from {@code etc/io.neuromail.securitytxt.cfg}, as
 * {@code text/plain; charset=utf-8}, in the default HTTP context beside the web UI (an exact mapping, which
 * ranks above the UI's default servlet). No contact configured: 404, as if there were no such file.
 */
@Component(service = Servlet.class, configurationPid = SecurityTxtConfig.PID)
@Designate(ocd = SecurityTxtConfig.class)
@HttpWhiteboardServletName("neuromail.identity.securitytxt")
@HttpWhiteboardServletPattern(SecurityTxt.PATH)
public class SecurityTxtServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SecurityTxtServlet.class);

    private final transient SecurityTxt fields;
    private final transient Clock clock;

    /** The public address, for the Canonical field; the rest bundle provides it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile PublicAddress publicAddress;

    @Activate
    public SecurityTxtServlet(SecurityTxtConfig config) {
        this.fields = SecurityTxt.of(config, problem -> LOG.warn("etc/{}.cfg: {}", SecurityTxtConfig.PID, problem));
        this.clock = Clock.systemUTC();
        if (fields.contacts().isEmpty()) {
            LOG.info("No contact in etc/{}.cfg: {} is not served", SecurityTxtConfig.PID, SecurityTxt.PATH);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PublicAddress address = publicAddress;
        Optional<String> text = fields.render(clock.instant(), address == null ? "" : address.baseUrl());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("text/plain; charset=utf-8");
        if (text.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("Not found\n");
            return;
        }
        byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "max-age=3600");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
