package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.ext.ReaderInterceptorContext;

import org.junit.jupiter.api.Test;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.LargeBody;

class RequestBodyLimitTest {

    private static final long LIMIT = 1024;

    public static class Resource {
        public void json(Map<String, Object> body) {
        }

        @LargeBody
        public void upload(InputStream body) {
        }

        @LargeBody(kilobytes = 4)
        public void recipients(Map<String, Object> body) {
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyByteIsRead() {
        AtomicLong read = new AtomicLong();
        Request request = new Request("2000", counting(new byte[2000], read));

        ApiException e = assertThrows(ApiException.class, () -> limit("json").filter(request.context()));

        assertEquals(413, e.status());
        assertEquals("The request body may have at most 1 KB", e.detail());
        assertEquals(0, read.get());
    }

    @Test
    void aChunkedBodyIsCutOffWhenItPassesTheLimitAndNotReadToItsEnd() throws Exception {
        AtomicLong read = new AtomicLong();
        byte[] json = ("{\"text\":\"" + "x".repeat(10_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Request request = new Request(null, counting(json, read));
        RequestBodyLimit limit = limit("json");
        limit.filter(request.context());

        ApiException e = assertThrows(ApiException.class, () -> limit.aroundReadFrom(jackson(request.stream)));

        assertEquals(413, e.status());
        assertEquals(true, read.get() <= 64 * 1024, "read " + read.get() + " bytes");
    }

    @Test
    void aBodyWithinTheLimitIsReadAsUsual() throws Exception {
        byte[] json = "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8);
        Request request = new Request(Integer.toString(json.length), new ByteArrayInputStream(json));
        RequestBodyLimit limit = limit("json");
        limit.filter(request.context());

        assertEquals(Map.of("name", "Ada"), limit.aroundReadFrom(jackson(request.stream)));
    }

    @Test
    void aLargeBodyMethodBoundsItsBodyItself() throws Exception {
        InputStream body = new ByteArrayInputStream(new byte[10_000]);
        Request request = new Request("10000", body);

        limit("upload").filter(request.context());

        assertSame(body, request.stream);
    }

    @Test
    void aMethodWithItsOwnLimitIsHeldToItAndNotToTheApis() throws Exception {
        limit("recipients").filter(new Request("3000", new ByteArrayInputStream(new byte[3000])).context());
        ApiException e = assertThrows(ApiException.class, () -> limit("recipients").filter(
                new Request("5000", new ByteArrayInputStream(new byte[5000])).context()));
        assertEquals("The request body may have at most 4 KB", e.detail());

        byte[] json = ("{\"text\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Request chunked = new Request(null, new ByteArrayInputStream(json));
        RequestBodyLimit limit = limit("recipients");
        limit.filter(chunked.context());
        assertEquals(413, assertThrows(ApiException.class, () -> limit.aroundReadFrom(jackson(chunked.stream))).status());
    }

    private static RequestBodyLimit limit(String method) {
        Method m = java.util.Arrays.stream(Resource.class.getMethods()).filter(x -> x.getName().equals(method))
                .findFirst().orElseThrow();
        ResourceInfo info = new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return m;
            }

            @Override
            public Class<?> getResourceClass() {
                return Resource.class;
            }
        };
        return new RequestBodyLimit(info, LIMIT);
    }

    private static InputStream counting(byte[] bytes, AtomicLong read) {
        return new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read() throws java.io.IOException {
                int b = super.read();
                read.incrementAndGet();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        };
    }

    /** The JSON provider reading {@code stream} into a map, as CXF would call it through the interceptor. */
    private static ReaderInterceptorContext jackson(InputStream stream) {
        Map<String, Object> state = new HashMap<>();
        state.put("stream", stream);
        return (ReaderInterceptorContext) Proxy.newProxyInstance(RequestBodyLimitTest.class.getClassLoader(),
                new Class<?>[] {ReaderInterceptorContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> state.get("stream");
                    case "proceed" -> new JsonProvider().readFrom((Class) Map.class, Map.class, new java.lang.annotation.Annotation[0],
                            MediaType.APPLICATION_JSON_TYPE, null, (InputStream) state.get("stream"));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class Request {
        final String contentLength;
        InputStream stream;

        Request(String contentLength, InputStream stream) {
            this.contentLength = contentLength;
            this.stream = stream;
        }

        ContainerRequestContext context() {
            return (ContainerRequestContext) Proxy.newProxyInstance(RequestBodyLimitTest.class.getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaderString" -> "Content-Length".equalsIgnoreCase((String) args[0]) ? contentLength : null;
                        case "hasEntity" -> true;
                        case "getEntityStream" -> stream;
                        case "setEntityStream" -> {
                            stream = (InputStream) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
