package io.neuromail.itests.filters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;

/**
 * {@code POST /api/v1/content/check} with a raw message ({@code message/rfc822}) over HTTP: Jakarta
 * Mail inside the distribution decodes quoted-printable, base64, encoded-word subjects and charsets
 * before the filters run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ContentEmlIT extends NeuroMailTestSupport {

    static final String RFC822 = "message/rfc822";

    private static Response check(Api api, String eml) {
        return api.sendBytes("POST", "/api/v1/content/check", eml.getBytes(StandardCharsets.ISO_8859_1), RFC822);
    }

    private static List<String> matches(JsonNode verdict) {
        List<String> found = new ArrayList<>();
        verdict.get("findings").forEach(f -> found.add(f.get("ruleId").asText() + "=" + f.get("match").asText().toLowerCase()));
        return found;
    }

    @Test
    public void quotedPrintableSpamIsFoundAndANewsletterPasses() {
        Api api = Api.signedUp();
        JsonNode spam = check(api, Emls.spam()).expect(200).json();
        assertFalse(spam.toString(), "PASS".equals(spam.get("decision").asText()));
        assertEquals("Act now!!!", spam.get("message").get("subject").asText());
        List<String> found = matches(spam);
        assertTrue(found.toString(), found.contains("spam.phrase=free money"));
        assertTrue(found.toString(), found.contains("spam.phrase=act now"));
        assertTrue(spam.get("message").get("visibleText").asText().contains("Claim your prize: free money"));

        JsonNode news = check(api, Emls.newsletter()).expect(200).json();
        assertEquals(news.toString(), "PASS", news.get("decision").asText());
        assertEquals("Herbst in der Bücherei", news.get("message").get("subject").asText());
        assertTrue(news.toString(), news.get("message").get("visibleText").asText().contains("Café corner reopens"));
        assertEquals("https://library.example.org/unsubscribe", news.get("message").get("links").get(0).get("url").asText());
    }

    @Test
    public void unreadableAndOversizedMessagesAreRefusedPrecisely() {
        Api api = Api.signedUp();
        Response malformed = check(api, "just some words, no headers\r\n").expect(422);
        assertEquals("application/problem+json", malformed.header("Content-Type").orElse("").split(";")[0]);
        JsonNode error = malformed.json().get("errors").get(0);
        assertEquals("message", error.get("field").asText());
        assertTrue(error.toString(), error.get("message").asText().startsWith("No message headers found"));

        // what a mail program still shows is checked, with a finding that says what was odd
        JsonNode broken = check(api, "Subject: x\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n").expect(200).json();
        List<String> odd = new ArrayList<>();
        broken.get("findings").forEach(f -> odd.add(f.get("filter").asText() + ":" + f.get("ruleId").asText()));
        assertTrue(odd.toString(), odd.contains("message:message.broken-multipart"));
        assertTrue(broken.toString(), broken.get("message").get("visibleText").asText().contains("no parts here"));

        JsonNode noText = check(api, "Subject: x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n")
                .expect(422).json();
        assertEquals("The message has no text/plain or text/html body part", noText.get("detail").asText());

        byte[] big = ("Subject: big\r\nContent-Type: text/plain\r\n\r\n" + "a".repeat(5 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
        JsonNode tooLarge = api.sendBytes("POST", "/api/v1/content/check", big, RFC822).expect(413).json();
        assertEquals("The raw message may have at most 5242880 bytes (5 MB)", tooLarge.get("detail").asText());

        api.sendBytes("POST", "/api/v1/content/check", Emls.spam().getBytes(StandardCharsets.US_ASCII), "application/pdf").expect(415);
        Api.anonymous().sendBytes("POST", "/api/v1/content/check", Emls.spam().getBytes(StandardCharsets.US_ASCII), RFC822).expect(401);
        api.withoutCsrf().sendBytes("POST", "/api/v1/content/check", Emls.spam().getBytes(StandardCharsets.US_ASCII), RFC822).expect(403);
        Api key = api.withCsrf().createApiKeyClient("eml-checker");
        assertEquals("PASS", check(key, Emls.newsletter()).expect(200).json().get("decision").asText());
    }
}
