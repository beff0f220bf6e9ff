package io.neuromail.rest.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.neuromail.api.rest.NeuroMailApi;

/**
 * Lets {@link RequestBodyLimit} close the body of an API request it refuses. CXF reads whatever is
 * left of a request body (up to 16 MB) before it writes any answer, so a refusal would otherwise
 * wait for a body that is never sent or read megabytes of one that is too large; once closed here,
 * the body ends at once, the 413 goes out, and the container drops the connection with the unread
 * rest.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("neuromail.bodyGate")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public class RequestBodyGate implements Filter {

    /** Request attribute holding the {@link Gate} of an API request. */
    static final String ATTRIBUTE = RequestBodyGate.class.getName();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!http.getRequestURI().startsWith(NeuroMailApi.BASE_PATH + "/")) {
            chain.doFilter(request, response);
            return;
        }
        Gate gate = new Gate(http);
        http.setAttribute(ATTRIBUTE, gate);
        chain.doFilter(gate, response);
    }

    /** Closes the body of {@code request} if it passed through the gate. */
    static void close(ServletRequest request) {
        if (request != null && request.getAttribute(ATTRIBUTE) instanceof Gate gate) {
            gate.closed = true;
        }
    }

    /** The request with a body that can be ended early. */
    static final class Gate extends HttpServletRequestWrapper {
        private volatile boolean closed;
        private ServletInputStream stream;

        Gate(HttpServletRequest request) {
            super(request);
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream body = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return closed ? -1 : body.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return closed ? -1 : body.read(b, off, len);
                    }

                    @Override
                    public int available() throws IOException {
                        return closed ? 0 : body.available();
                    }

                    @Override
                    public boolean isFinished() {
                        return closed || body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return closed || body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
