package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * Failed logins are throttled per (account, client address) and per client address, and slow an
 * account down progressively; API requests are limited per key. The
 * container trusts 127.0.0.1 as a reverse proxy, so each test speaks for its own client address
 * through X-Forwarded-For and does not throttle the other tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RateLimitIT extends NeuroMailTestSupport {

    @Test
    public void failedLoginsLockOnlyTheGuessingAddressOutOfTheAccount() {
        String email = Api.uniqueEmail();
        Api owner = Api.anonymous();
        owner.signupAndLogin(email, Api.PASSWORD).expect(200);
        Api attacker = Api.anonymous();
        Map<String, String> from = Map.of("X-Forwarded-For", "198.51.100.7");
        for (int i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
            login(attacker, email, "Wrong-guess-number-" + i, from).expect(401);
        }
        Response throttled = login(attacker, email, Api.PASSWORD, from).expect(429);
        long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 15 * 60);
        assertEquals("application/problem+json", throttled.header("Content-Type").orElse(""));
        // The owner, from their own address, is not locked out by the stranger.
        login(Api.anonymous(), email, Api.PASSWORD, Map.of("X-Forwarded-For", "198.51.100.8")).expect(200);
        // ... and the stranger's address stays locked for this account.
        login(attacker, email, Api.PASSWORD, from).expect(429);

        JsonNode entries = owner.get("/api/v1/activity?type=auth.login.throttled").expect(200).json();
        assertTrue(entries.toString(), entries.get("total").asInt() >= 1);
        for (JsonNode entry : entries.get("items")) {
            assertEquals("198.51.100.7", entry.get("ip").asText());
            assertEquals("account-address", entry.get("details").get("reason").asText());
        }
        assertEquals(LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
                owner.get("/api/v1/activity?type=auth.login.failed").json().get("total").asInt());
    }

    @Test
    public void failedLoginsFromManyAddressesSlowTheAccountDownWithoutLockingItOut() {
        String email = Api.uniqueEmail();
        Api owner = Api.anonymous();
        owner.signupAndLogin(email, Api.PASSWORD).expect(200);
        int failures = 0;
        Response delayed = null;
        // Two guesses per address, so no (account, address) pair is locked: only the account's delay stops them.
        for (int i = 0; i < LOGIN_FAILURES_PER_ACCOUNT + 10 && delayed == null; i++) {
            Response r = login(Api.anonymous(), email, "Wrong-guess-number-" + i,
                    Map.of("X-Forwarded-For", "198.51.100." + (100 + i / 2)));
            if (r.status() == 429) {
                delayed = r;
            } else {
                r.expect(401);
                failures++;
            }
        }
        assertTrue("no delay after " + failures + " failures", delayed != null);
        assertTrue("delayed after " + failures + " failures", failures >= LOGIN_FAILURES_PER_ACCOUNT);
        long retryAfter = Long.parseLong(delayed.header("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= LOGIN_DELAY_MAX_SECONDS);

        // The owner waits at most the longest delay, never a lock.
        Map<String, String> home = Map.of("X-Forwarded-For", "198.51.100.99");
        Response in = Poll.until("the owner gets in after the account's delay",
                Duration.ofSeconds(LOGIN_DELAY_MAX_SECONDS + 15), () -> {
                    Response r = login(Api.anonymous(), email, Api.PASSWORD, home);
                    if (r.status() == 429) {
                        long wait = Long.parseLong(r.header("Retry-After").orElseThrow());
                        assertTrue("Retry-After " + wait, wait >= 1 && wait <= LOGIN_DELAY_MAX_SECONDS);
                    }
                    return r;
                }, r -> r.status() != 429);
        in.expect(200);
        JsonNode entries = owner.get("/api/v1/activity?type=auth.login.throttled").expect(200).json();
        assertTrue(entries.toString(), entries.toString().contains("\"reason\":\"account\""));
    }

    @Test
    public void failedLoginsAreThrottledPerClientAddress() {
        Map<String, String> from = Map.of("X-Forwarded-For", "203.0.113.9");
        Api scanner = Api.anonymous();
        for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
            login(scanner, Api.uniqueEmail(), "Guess-" + i + "-password", from).expect(401);
        }
        String email = Api.uniqueEmail();
        Api.anonymous().signupAndLogin(email, Api.PASSWORD).expect(200);
        login(scanner, email, Api.PASSWORD, from).expect(429);
        // Another address is not affected.
        login(Api.anonymous(), email, Api.PASSWORD, Map.of("X-Forwarded-For", "203.0.113.10")).expect(200);
    }

    @Test
    public void successfulLoginsDoNotUseUpTheAddressAllowance() {
        String email = Api.uniqueEmail();
        Api.anonymous().signupAndLogin(email, Api.PASSWORD).expect(200);
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
