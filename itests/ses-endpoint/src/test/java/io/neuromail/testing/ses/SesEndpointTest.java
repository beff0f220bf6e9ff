package io.neuromail.testing.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SES v2 test endpoint over plain HTTP: answers, throttling, rejection and what it records. */
class SesEndpointTest {

    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261127/eu-west-1/ses/aws4_request, "
            + "SignedHeaders=host, Signature=00";
    private final HttpClient http = HttpClient.newHttpClient();
    private SesEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = SesEndpoint.start(3);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> send(String recipient) throws Exception {
        String raw = Base64.getEncoder().encodeToString("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
        String body = "{\"Content\":{\"Raw\":{\"Data\":\"" + raw + "\"}},\"Destination\":{\"ToAddresses\":[\"" + recipient
                + "\"]},\"ConfigurationSetName\":\"events\",\"EmailTags\":[{\"Name\":\"delivery\",\"Value\":\"d1\"}]}";
        return http.send(HttpRequest.newBuilder(endpoint.uri().resolve(SesEndpoint.SEND_PATH)).header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptsAndRecordsRawMessages() throws Exception {
        HttpResponse<String> answer = send("reader@example.org");

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("\"MessageId\""), answer.body());
        ReceivedEmail email = endpoint.received().get(0);
        assertEquals("AKIDTEST", email.accessKeyId());
        assertEquals("reader@example.org", email.destinations().get(0));
        assertEquals("Subject: hi\r\n\r\nbody\r\n", email.rawText());
        assertEquals("events", email.configurationSetName());
        assertEquals("d1", email.tags().get("delivery"));
    }

    @Test
    void throttlesBeyondTheRateLikeSes() throws Exception {
        int throttled = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = send("r" + i + "@example.org");
            if (answer.statusCode() == 429) {
                assertEquals("TooManyRequestsException", answer.headers().firstValue("x-amzn-ErrorType").orElse(""));
                throttled++;
            }
        }
        assertTrue(throttled >= 3, "6 requests at once against 3 per second: " + throttled + " throttled");
        assertEquals(throttled, endpoint.throttledRequests());
        assertTrue(endpoint.maxAcceptedInAnySecond() <= 3, "max in a second " + endpoint.maxAcceptedInAnySecond());
        assertTrue(endpoint.maxRequestsInAnySecond() > 3, "requests in a second " + endpoint.maxRequestsInAnySecond());
        assertEquals(6, endpoint.sendRequests());
    }

    @Test
    void throttlesOnRequest() throws Exception {
        endpoint.throttleNext(1);
        assertEquals(429, send("a@example.org").statusCode());
        assertEquals(200, send("a@example.org").statusCode());
    }

    @Test
    void rejectsChosenRecipientsWithMessageRejected() throws Exception {
        endpoint.rejectRecipient("Bad@Example.org");

        HttpResponse<String> answer = send("bad@example.org");

        assertEquals(400, answer.statusCode());
        assertEquals("MessageRejected", answer.headers().firstValue("x-amzn-ErrorType").orElse(""));
        assertEquals(0, endpoint.received().size());
    }

    @Test
    void reportsTheSendQuota() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint.uri().resolve(SesEndpoint.ACCOUNT_PATH))
                .header("Authorization", AUTH).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("\"MaxSendRate\":3.0"), answer.body());
    }

    @Test
    void refusesUnsignedRequests() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint.uri().resolve(SesEndpoint.ACCOUNT_PATH))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, answer.statusCode());
    }
}
