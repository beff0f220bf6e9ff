package io.neuromail.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The answers of {@link UiServlet}, driven through servlet API stubs. */
class UiResponsesTest {

    private final StaticFiles files = new StaticFiles(path -> UiResponsesTest.class.getClassLoader().getResource(path));

    private HttpStubs.Recorded send(String method, String path, Map<String, String> headers) throws Exception {
        HttpStubs.Recorded recorded = new HttpStubs.Recorded();
        UiServlet.send(files.find(path), HttpStubs.request(method, "", path, headers), recorded.response());
        return recorded;
    }

    @Test
    void fileIsSentWithTypeLengthEtagAndRevalidation() throws Exception {
        HttpStubs.Recorded r = send("GET", "/assets/js/app.js", Map.of());

        StaticFiles.File file = files.find("/assets/js/app.js").orElseThrow();
        assertEquals(200, r.status);
        assertEquals("text/javascript; charset=utf-8", r.contentType);
        assertEquals(file.content().length, r.contentLength);
        assertEquals(file.etag(), r.headers.get("ETag"));
        assertEquals("no-cache", r.headers.get("Cache-Control"));
        assertEquals(file.content().length, r.body.size());
    }

    @Test
    void matchingEtagAnswers304WithoutBody() throws Exception {
        String etag = files.find("/").orElseThrow().etag();

        HttpStubs.Recorded r = send("GET", "/", Map.of("If-None-Match", "\"other\", " + etag));

        assertEquals(304, r.status);
        assertEquals(0, r.body.size());
    }

    @Test
    void headSendsHeadersOnly() throws Exception {
        HttpStubs.Recorded r = send("HEAD", "/index.html", Map.of());

        assertEquals(200, r.status);
        assertTrue(r.contentLength > 0);
        assertEquals(0, r.body.size());
    }

    @Test
    void unknownPathIsAPlain404() throws Exception {
        HttpStubs.Recorded r = send("GET", "/assets/../OSGI-INF/openapi.json", Map.of());

        assertEquals(404, r.status);
        assertEquals("text/plain; charset=utf-8", r.contentType);
        assertEquals("no-store", r.headers.get("Cache-Control"));
        assertEquals("Not found\n", r.text());
    }

    @Test
    void missingFileOptionIsA404() throws Exception {
        HttpStubs.Recorded recorded = new HttpStubs.Recorded();
        UiServlet.send(Optional.empty(), HttpStubs.request("GET", "", "/x", Map.of()), recorded.response());
        assertEquals(404, recorded.status);
    }

    @Test
    void theRootIsAnsweredWithIndexHtml() throws Exception {
        HttpStubs.Recorded r = send("GET", "/", Map.of());

        assertEquals(200, r.status);
        assertEquals("text/html; charset=utf-8", r.contentType);
        assertTrue(r.text().contains("assets/js/app.js"));
    }
}
