package io.neuromail.itests.platform;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.Settings;

/**
 * Every public input has a ceiling: the API's request body limit (256 KB in these tests), uploads
 * with their own larger limits, the public health answer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class LimitsIT extends NeuroMailTestSupport {

    private static final int BODY_LIMIT = 256 * 1024;

    @Test
    public void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsSent() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Settings.httpPort())) {
            socket.setSoTimeout(5000);
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            // 100 MB announced and only its first kilobyte sent (Jetty hands a request on once content
            // arrives): the answer cannot wait for the rest.
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 104857600\r\n\r\n{\"email\":\"" + "a".repeat(1014)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<String> answer = head(socket);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(answer.toString(), answer.get(0).startsWith("HTTP/1.1 413"));
            assertTrue(answer.toString(), answer.stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type: application/problem+json")));
            assertTrue("answered after " + millis + " ms", millis < 2000);
        }
    }

    @Test
    public void aChunkedBodyIsCutOffWhenItPassesTheLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Settings.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // Up to 64 MB in 64 KB chunks, written while the answer is awaited; the server stops it early.
            Thread writer = new Thread(() -> {
                // One JSON string that never ends, so the reader keeps reading until the limit stops it.
                byte[] start = "{\"email\":\"".getBytes(StandardCharsets.US_ASCII);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                System.arraycopy(start, 0, chunk, 0, start.length);
                try {
                    for (int i = 0; i < 1024; i++) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        java.util.Arrays.fill(chunk, 0, start.length, (byte) 'a');
                    }
                } catch (IOException closedByTheServer) {
                    return;
                }
            });
            writer.setDaemon(true);
            writer.start();
            long started = System.nanoTime();
            List<String> answer = head(socket);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(answer.toString(), answer.get(0).startsWith("HTTP/1.1 413"));
            assertTrue("answered after " + millis + " ms", millis < 5000);
        }
    }

    @Test
    public void bodiesWithinTheLimitWorkAndOverItAreProblemDocuments() {
        Api api = Api.signedUp();
        api.post("/api/v1/api-keys", Map.of("name", "within the limit", "scopes", List.of("admin"))).expect(201);

        Response tooLarge = api.sendRaw("POST", "/api/v1/api-keys",
                "{\"name\":\"" + "x".repeat(BODY_LIMIT) + "\"}", "application/json").expect(413);
        assertEquals("application/problem+json", tooLarge.header("Content-Type").orElse(""));
        assertEquals(413, tooLarge.json().get("status").asInt());
        assertEquals("The request body may have at most 256 KB", tooLarge.json().get("detail").asText());
    }

    @Test
    public void aContactImportTakesAFileLargerThanTheApiLimitUpToItsOwn() {
        Api api = Api.signedUp();
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; csv.length() < 2 * BODY_LIMIT; i++) {
            csv.append("person-").append(i).append("@example.com,Person ").append(i).append('\n');
        }
        Response uploaded = api.sendRaw("POST", "/api/v1/contacts/imports?fileName=big.csv", csv.toString(),
                "text/csv; charset=utf-8").expect(201);
        assertTrue(uploaded.body(), uploaded.json().get("fileBytes").asLong() > BODY_LIMIT);

        // Its own limit (1 MB in these tests) still holds, from the declared length.
        Response tooLarge = api.sendBytes("POST", "/api/v1/contacts/imports", new byte[2 * 1024 * 1024], "text/csv")
                .expect(413);
        assertEquals("the file is larger than the upload limit of 1 MB", tooLarge.json().get("detail").asText());
    }

    @Test
    public void anAccountsWaitingUploadsHaveAQuota() {
        Api api = Api.signedUp();
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; csv.length() < 900 * 1024; i++) {
            csv.append("waiting-").append(i).append("@example.com\n");
        }
        String first = null;
        for (int i = 0; i < 3; i++) {
            String id = api.sendRaw("POST", "/api/v1/contacts/imports", csv.toString(), "text/csv").expect(201).json().get("id").asText();
            first = first == null ? id : first;
        }
        Response full = api.sendRaw("POST", "/api/v1/contacts/imports", csv.toString(), "text/csv").expect(413);
        assertTrue(full.body(), full.json().get("detail").asText().startsWith("the account's uploads that are not imported yet take"));

        // Another account is not affected; a cancelled import gives its room back.
        Api.signedUp().sendRaw("POST", "/api/v1/contacts/imports", csv.toString(), "text/csv").expect(201);
        api.post("/api/v1/contacts/imports/" + first + "/cancel", null).expect(200);
        api.sendRaw("POST", "/api/v1/contacts/imports", csv.toString(), "text/csv").expect(201);
    }

    @Test
    public void healthShowsOnlyItsStatusToAnonymousCallersFromElsewhere() {
        // Through a proxy on this machine (X-Forwarded-For), as a client elsewhere reaches it.
        Response anonymous = Api.anonymous().send("GET", "/api/v1/health", null, Map.of("X-Forwarded-For", "203.0.113.7"))
                .expect(200);
        assertEquals("{\"status\":\"UP\"}", anonymous.body());

        Api account = Api.signedUp();
        Response reader = account.createApiKeyClient("dashboard", "read").send("GET", "/api/v1/health", null,
                Map.of("X-Forwarded-For", "203.0.113.7")).expect(200);
        assertEquals("a read key sees the status only", "{\"status\":\"UP\"}", reader.body());
        Api key = account.createApiKeyClient("monitoring", "admin");
        Response authenticated = key.send("GET", "/api/v1/health", null, Map.of("X-Forwarded-For", "203.0.113.7"))
                .expect(200);
        assertEquals("UP", authenticated.json().get("components").get("io.neuromail.rest").asText());

        Response local = Api.anonymous().get("/api/v1/health").expect(200);
        assertEquals("UP", local.json().get("components").get("io.neuromail.rest").asText());
    }

    @Test
    public void missingStaticFilesAreNotCached() {
        Api api = Api.anonymous();
        for (String path : List.of("/assets/js/missing-" + java.util.UUID.randomUUID() + ".js",
                "/ui/contacts/missing-" + java.util.UUID.randomUUID() + ".js")) {
            Response missing = api.get(path).expect(404);
            assertTrue(path + ": " + missing.header("Cache-Control"), missing.header("Cache-Control").orElse("").contains("no-store"));
        }
        // What is there still revalidates with its ETag.
        assertEquals("no-cache", api.get("/assets/js/app.js").expect(200).header("Cache-Control").orElse(""));
    }

    /** The status line and headers of the answer on {@code socket}. */
    static List<String> head(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new IOException("no answer");
        }
        return lines;
    }

}
