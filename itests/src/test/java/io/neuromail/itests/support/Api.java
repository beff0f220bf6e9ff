package io.neuromail.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the NeuroMail API as a browser or an API client would be: its own cookie jar, the CSRF
 * token of its session (sent on state-changing requests unless told not to) and optionally an API key.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String PASSWORD = "violet-Harbor-compass-81";

    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String csrfToken;
    private String bearer;
    private boolean sendCsrf = true;

    private Api(String base, SSLContext ssl) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** A fresh client of the plain-HTTP port with no session. */
    public static Api anonymous() {
        return new Api("http://127.0.0.1:" + Settings.httpPort(), null);
    }

    /** A fresh client of another NeuroMail (one a test started itself) with no session. */
    public static Api at(String base) {
        return new Api(base, null);
    }

    /** A fresh client of the HTTPS port, trusting only this run's test certificate. */
    public static Api overHttps() {
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
            return new Api("https://localhost:" + Settings.httpsPort(), ssl);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS for the test client", e);
        }
    }

    /**
     * A new account with a unique email, signed in; this client holds its session. Sign-up itself
     * signs nobody in (its answer is the same for a taken address), so this logs in after it.
     */
    public static Api signedUp() {
        Api api = anonymous();
        api.signupAndLogin(uniqueEmail(), PASSWORD).expect(200);
        return api;
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    public Response signup(String email, String password) {
        return post("/api/v1/auth/signup", Map.of("email", email, "password", password));
    }

    /** Signs up ({@code 202}) and logs in: the login's answer, with the session (in the container's open mode). */
    public Response signupAndLogin(String email, String password) {
        signup(email, password).expect(202);
        return login(email, password);
    }

    public Response login(String email, String password) {
        return post("/api/v1/auth/login", Map.of("email", email, "password", password));
    }

    /** Creates an API key with every scope ({@code admin}) and answers a client that uses it (and no cookie). */
    public Api createApiKeyClient(String name) {
        return createApiKeyClient(name, "admin");
    }

    /** Creates an API key with the given scopes and answers a client that uses it (and no cookie). */
    public Api createApiKeyClient(String name, String... scopes) {
        Response created = post("/api/v1/api-keys", Map.of("name", name, "scopes", java.util.List.of(scopes))).expect(201);
        Api keyClient = new Api(base, null);
        keyClient.bearer = created.json().get("key").asText();
        return keyClient;
    }

    public Api withBearer(String key) {
        Api other = new Api(base, null);
        other.bearer = key;
        return other;
    }

    /** Stop sending the CSRF token, as a forged cross-site request would. */
    public Api withoutCsrf() {
        this.sendCsrf = false;
        return this;
    }

    public Api withCsrf() {
        this.sendCsrf = true;
        return this;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Sends a raw body with the given content type (for malformed-input tests). */
    public Response sendRaw(String method, String path, String body, String contentType) {
        return send(method, path, body, Map.of("Content-Type", contentType));
    }

    /** Sends raw bytes (a file upload, possibly not UTF-8) with the given content type. */
    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        return send(method, path, body, Map.of("Content-Type", contentType));
    }

    public Response send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.BodyPublisher publisher;
            Map<String, String> all = new LinkedHashMap<>();
            if (body == null) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else if (body instanceof String raw) {
                publisher = HttpRequest.BodyPublishers.ofString(raw);
            } else if (body instanceof byte[] bytes) {
                publisher = HttpRequest.BodyPublishers.ofByteArray(bytes);
            } else {
                publisher = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
                all.put("Content-Type", "application/json");
            }
            all.put("Accept", "application/json");
            all.putAll(headers);
            if (bearer != null) {
                all.put("Authorization", "Bearer " + bearer);
            }
            if (sendCsrf && csrfToken != null && !method.equals("GET")) {
                all.put("X-CSRF-Token", csrfToken);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).method(method, publisher);
            all.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Response r = new Response(response);
            if (r.isJson() && r.status() < 300 && r.json().has("csrfToken") && r.json().get("csrfToken").isTextual()) {
                csrfToken = r.json().get("csrfToken").asText();
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Polls the health endpoint until it answers 200, failing with its last answer at the deadline. */
    public void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                Response r = get("/api/v1/health");
                if (r.status() == 200) {
                    return;
                }
                last = r.status() + " " + r.body();
            } catch (IllegalStateException notListening) {
                last = notListening.getMessage();
            }
            Poll.pause();
        }
        throw new AssertionError("NeuroMail did not become healthy within " + timeout + ": " + last);
    }
}
