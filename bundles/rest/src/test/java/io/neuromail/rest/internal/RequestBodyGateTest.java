package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class RequestBodyGateTest {

    @Test
    void aClosedBodyEndsAtOnceSoTheAnswerNeedNotWaitForTheRest() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest request = request("/api/v1/auth/login", new byte[1000], attributes);
        AtomicReference<ServletRequest> passed = new AtomicReference<>();

        new RequestBodyGate().doFilter(request, null, (req, res) -> passed.set(req));
        ServletInputStream body = passed.get().getInputStream();
        assertEquals(100, body.read(new byte[100], 0, 100));

        RequestBodyGate.close(request);

        assertEquals(-1, body.read(new byte[100], 0, 100));
        assertEquals(-1, body.read());
        assertTrue(body.isFinished());
    }

    @Test
    void requestsOutsideTheApiPassUntouched() throws Exception {
        HttpServletRequest request = request("/index.html", new byte[0], new HashMap<>());
        AtomicReference<ServletRequest> passed = new AtomicReference<>();

        new RequestBodyGate().doFilter(request, null, (req, res) -> passed.set(req));

        assertSame(request, passed.get());
    }

    private static HttpServletRequest request(String uri, byte[] body, Map<String, Object> attributes) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(RequestBodyGateTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRequestURI" -> uri;
                    case "getInputStream" -> stream;
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    case "getAttribute" -> attributes.get((String) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
