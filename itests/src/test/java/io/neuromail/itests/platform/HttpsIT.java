package io.neuromail.itests.platform;

import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;

/** With HTTPS switched on (as README shows), the API works over TLS with HSTS and Secure cookies. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HttpsIT extends NeuroMailTestSupport {

    @Test
    public void theApiIsServedOverTlsWithHsts() {
        Api tls = Api.overHttps();
        Response health = tls.get("/api/v1/health").expect(200);
        String hsts = health.header("Strict-Transport-Security").orElse("");
        assertTrue(hsts, hsts.contains("max-age=31536000"));
        assertTrue(tls.get("/").expect(200).header("Strict-Transport-Security").isPresent());
    }

    @Test
    public void sessionCookiesAreSecureUnderTls() {
        Api tls = Api.overHttps();
        Response signup = tls.signupAndLogin(Api.uniqueEmail(), Api.PASSWORD).expect(200);
        String cookie = signup.header("Set-Cookie").orElseThrow();
        assertTrue(cookie, cookie.contains("; Secure"));
        assertTrue(cookie, cookie.contains("HttpOnly"));
        tls.get("/api/v1/auth/session").expect(200);
        tls.post("/api/v1/api-keys", java.util.Map.of("name", "over tls", "scopes", java.util.List.of("admin"))).expect(201);
        String logout = tls.post("/api/v1/auth/logout", null).expect(204).header("Set-Cookie").orElseThrow();
        assertTrue(logout, logout.contains("Max-Age=0") && logout.contains("Secure"));
    }

    @Test
    public void behindATrustedTlsProxyCookiesAreSecureToo() {
        // The test container trusts 127.0.0.1 as a reverse proxy (clientAddress.trustedProxies).
        Api proxied = Api.anonymous();
        String email = Api.uniqueEmail();
        proxied.signup(email, Api.PASSWORD).expect(202);
        Response login = proxied.send("POST", "/api/v1/auth/login", java.util.Map.of("email", email, "password", Api.PASSWORD),
                java.util.Map.of("X-Forwarded-Proto", "https"));
        String cookie = login.expect(200).header("Set-Cookie").orElseThrow();
        assertTrue(cookie, cookie.contains("; Secure"));
        String plain = Api.anonymous().signupAndLogin(Api.uniqueEmail(), Api.PASSWORD).expect(200).header("Set-Cookie")
                .orElseThrow();
        assertTrue(plain, !plain.contains("Secure"));
    }
}
