package io.neuromail.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class MetricsServletTest {

    private static MetricsConfig config(String token, boolean allowLoopback) {
        return new MetricsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MetricsConfig.class;
            }

            @Override
            public String token() {
                return token;
            }

            @Override
            public boolean allowLoopback() {
                return allowLoopback;
            }
        };
    }

    private static HttpServletRequest request(String remote, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(MetricsServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> remote;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void thisMachineIsServedUnlessAProxySpeaksForSomeoneElse() {
        MetricsServlet servlet = new MetricsServlet(new MetricsRegistry(false), config("", true));
        assertTrue(servlet.allowed(request("127.0.0.1", Map.of())));
        assertTrue(servlet.allowed(request("0:0:0:0:0:0:0:1", Map.of())));
        assertFalse(servlet.allowed(request("127.0.0.1", Map.of("X-Forwarded-For", "203.0.113.9"))));
        assertFalse(servlet.allowed(request("203.0.113.9", Map.of())));
        // Without a configured token, no token opens it.
        assertFalse(servlet.allowed(request("203.0.113.9", Map.of("Authorization", "Bearer "))));
    }

    @Test
    void theConfiguredBearerTokenOpensItFromAnywhere() {
        String token = "0123456789abcdef0123456789abcdef";
        MetricsServlet servlet = new MetricsServlet(new MetricsRegistry(false), config(token, false));
        assertTrue(servlet.allowed(request("203.0.113.9", Map.of("Authorization", "Bearer " + token))));
        assertTrue(servlet.allowed(request("203.0.113.9", Map.of("Authorization", "bearer " + token))));
        assertFalse(servlet.allowed(request("203.0.113.9", Map.of("Authorization", "Bearer " + token + "0"))));
        assertFalse(servlet.allowed(request("203.0.113.9", Map.of("Authorization", token))));
        assertFalse(servlet.allowed(request("203.0.113.9", Map.of("Authorization", "Bearer " + token + " ".repeat(2000)))));
        // allowLoopback = false: this machine needs the token too.
        assertFalse(servlet.allowed(request("127.0.0.1", Map.of())));
    }
}
