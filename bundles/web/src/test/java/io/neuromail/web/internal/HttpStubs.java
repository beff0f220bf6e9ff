package io.neuromail.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Just enough of the servlet API to drive the UI's servlet and filter without a container. */
final class HttpStubs {

    private HttpStubs() {
    }

    static HttpServletRequest request(String method, String contextPath, String uri, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpStubs.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getContextPath" -> contextPath;
                    case "getRequestURI" -> uri;
                    case "getServletPath" -> uri.substring(contextPath.length());
                    case "getPathInfo" -> null;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A response that records what is done to it. */
    static final class Recorded {
        int status = 200;
        String contentType;
        int contentLength = -1;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final PrintWriter writer = new PrintWriter(body, true, StandardCharsets.UTF_8);

        String text() {
            writer.flush();
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(HttpStubs.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength" -> contentLength = (Integer) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "getWriter" -> {
                                return writer;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }
}
