package io.neuromail.itests.tracking;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.TestKeystore;

/**
 * What the unsubscribe tests (here and in the browser tests) need: a marketing mail in the outbox with its unsubscribe links, and
 * a client of those links as a recipient's browser or a mail provider uses them — no cookies, no
 * redirects, over the HTTPS address the links name, trusting only this run's test certificate.
 */
public final class Unsubscribing {

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(120);
    static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern HEADER = Pattern.compile("(?mi)^List-Unsubscribe:[^\r\n]*<(https?://[^>]+)>");
    private static final Pattern BODY_LINK = Pattern.compile("https?://[^\\s\"'<>]+/unsubscribe/[A-Za-z0-9._-]+");

    private Unsubscribing() {
    }

    /** A marketing mail to one subscribed contact, as it reached the outbox. */
    public record Mailed(String contactId, String email, String headerUrl, String textUrl, String htmlUrl) {
    }

    /** Adds {@code email} as a subscribed contact, sends it a campaign and reads the links from the mail. */
    public static Mailed mailTo(Api api, String email) {
        String contactId = api.post("/api/v1/contacts", Map.of("email", email, "firstName", "Ann")).expect(201)
                .json().get("id").asText();
        Map<String, Object> send = new HashMap<>(Map.of("from", "news@example.com", "fromName", "Example News",
                "subject", "Autumn news", "text", "Hello Ann.", "html", "<p>Hello Ann.</p>",
                "recipients", List.of(Map.of("email", email))));
        Response created = api.post("/api/v1/sends", send);
        if (created.status() == 422 && created.body().contains("acknowledgeWarnings")) {
            send.put("acknowledgeWarnings", true);
            created = api.post("/api/v1/sends", send);
        }
        String sendId = created.expect(201).json().get("id").asText();
        Poll.until("send " + sendId + " is finished", SEND_TIMEOUT, () -> api.get("/api/v1/sends/" + sendId).expect(200)
                .json(), s -> "finished".equals(s.get("state").asText()));
        JsonNode rows = api.get("/api/v1/sends/" + sendId + "/recipients").expect(200).json();
        String file = rows.get("items").get(0).get("providerId").asText();
        String source = api.send("GET", "/api/v1/outbox/" + file + "/source", null, Map.of("Accept", "text/plain"))
                .expect(200).body().replaceAll("\r?\n[ \t]+", " ");
        Matcher header = HEADER.matcher(source);
        assertTrue("List-Unsubscribe in " + source, header.find());
        assertTrue(source, source.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        JsonNode opened = api.get("/api/v1/outbox/" + file).expect(200).json();
        return new Mailed(contactId, email, header.group(1), link(opened.get("text").asText()),
                link(opened.get("html").asText()));
    }

    private static String link(String body) {
        Matcher m = BODY_LINK.matcher(body);
        assertTrue("an unsubscribe link in " + body, m.find());
        return m.group();
    }

    public static String status(Api api, Mailed mail) {
        return api.get("/api/v1/contacts/" + mail.contactId()).expect(200).json().get("contact").get("status").asText();
    }

    /** The account's suppression entries for the mail's address, as "reason/source". */
    static List<String> suppressions(Api api, Mailed mail) {
        JsonNode page = api.get("/api/v1/suppressions?q=" + mail.email()).expect(200).json();
        List<String> out = new java.util.ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("reason").asText() + "/" + i.get("source").asText()));
        return out;
    }

    /** A recipient's browser or a mail provider, seen by NeuroMail as {@code clientAddress}. */
    public static final class Client {
        private final HttpClient http;
        private final String clientAddress;
        private final String userAgent;

        Client(String clientAddress) {
            this(clientAddress, null);
        }

        /** A client that names itself with {@code userAgent} ({@code null}: Java's own). */
        public Client(String clientAddress, String userAgent) {
            this.clientAddress = clientAddress;
            this.userAgent = userAgent;
            this.http = HttpClient.newBuilder().sslContext(testCertificateOnly()).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }

        public HttpResponse<String> get(String url, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request);
        }

        HttpResponse<String> head(String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        }

        HttpResponse<String> post(String url, String contentType, String body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request);
        }

        HttpResponse<String> method(String method, String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                if (userAgent != null) {
                    request.setHeader("User-Agent", userAgent);
                }
                return http.send(request.header("X-Forwarded-For", clientAddress).timeout(Duration.ofSeconds(30))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("request failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    static void assertStatus(int expected, HttpResponse<String> response) {
        assertEquals(response.request().method() + " " + response.request().uri() + ": " + response.body(), expected,
                response.statusCode());
    }

    private static SSLContext testCertificateOnly() {
        try {
            TestKeystore keystore = TestKeystore.current();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore.path())) {
                trust.load(in, keystore.password().toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS for the test client", e);
        }
    }
}
