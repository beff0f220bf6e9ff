package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;

/**
 * Failed logins are throttled per account and per client address; API requests per key. The
 * container trusts 127.0.0.1 as a reverse proxy, so each test speaks for its own client address
 * through X-Forwarded-For and does not throttle the other tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RateLimitIT extends NeuroMailTestSupport {

    @Test
    public void failedLoginsAreThrottledPerAccount() {
        String email = Api.uniqueEmail();
        Api owner = Api.anonymous();
        owner.signup(email, Api.PASSWORD).expect(201);
        Api attacker = Api.anonymous();
        Map<String, String> from = Map.of("X-Forwarded-For", "198.51.100.7");
        for (int i = 0; i < LOGIN_FAILURES_PER_ACCOUNT; i++) {
            login(attacker, email, "Wrong-guess-number-" + i, from).expect(401);
        }
        Response throttled = login(attacker, email, Api.PASSWORD, from).expect(429);
        long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 15 * 60);
        assertEquals("application/problem+json", throttled.header("Content-Type").orElse(""));
        // Even the right password is refused now, from any address: the account is under attack.
        login(Api.anonymous(), email, Api.PASSWORD, Map.of("X-Forwarded-For", "198.51.100.8")).expect(429);

        Response entry = owner.get("/api/v1/activity?type=auth.login.throttled").expect(200);
        assertTrue(entry.body(), entry.json().get("total").asInt() >= 1);
        assertEquals("198.51.100.7", entry.json().get("items").get(entry.json().get("total").asInt() - 1)
                .get("ip").asText());
        assertEquals(LOGIN_FAILURES_PER_ACCOUNT,
                owner.get("/api/v1/activity?type=auth.login.failed").json().get("total").asInt());
    }

    @Test
    public void failedLoginsAreThrottledPerClientAddress() {
        Map<String, String> from = Map.of("X-Forwarded-For", "203.0.113.9");
        Api scanner = Api.anonymous();
        for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
            login(scanner, Api.uniqueEmail(), "Guess-" + i + "-password", from).expect(401);
        }
        String email = Api.uniqueEmail();
        Api.anonymous().signup(email, Api.PASSWORD).expect(201);
        login(scanner, email, Api.PASSWORD, from).expect(429);
        // Another address is not affected.
        login(Api.anonymous(), email, Api.PASSWORD, Map.of("X-Forwarded-For", "203.0.113.10")).expect(200);
    }

    @Test
    public void successfulLoginsDoNotUseUpTheAddressAllowance() {
        String email = Api.uniqueEmail();
        Api.anonymous().signup(email, Api.PASSWORD).expect(201);
        Map<String, String> office = Map.of("X-Forwarded-For", "192.0.2.44");
        for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS + 3; i++) {
            login(Api.anonymous(), email, Api.PASSWORD, office).expect(200);
        }
    }

    @Test
    public void apiRequestsAreLimitedPerKey() {
        Api owner = Api.signedUp();
        Api busy = owner.createApiKeyClient("busy");
        Api quiet = owner.createApiKeyClient("quiet");
        Response last = null;
        int allowed = 0;
        for (int i = 0; i < 2 * API_REQUESTS_PER_MINUTE; i++) {
            last = busy.get("/api/v1/activity/types");
            if (last.status() == 429) {
                break;
            }
            last.expect(200);
            allowed++;
        }
        assertEquals(429, last.status());
        // A full bucket, plus what trickled back in (one a second) while the loop ran.
        assertTrue("allowed " + allowed, allowed >= API_REQUESTS_PER_MINUTE && allowed <= API_REQUESTS_PER_MINUTE + 10);
        assertTrue(Long.parseLong(last.header("Retry-After").orElseThrow()) >= 1);
        quiet.get("/api/v1/activity/types").expect(200);
    }

    private static Response login(Api api, String email, String password, Map<String, String> headers) {
        return api.send("POST", "/api/v1/auth/login", Map.of("email", email, "password", password), headers);
    }
}
