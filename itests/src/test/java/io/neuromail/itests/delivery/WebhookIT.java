package io.neuromail.itests.delivery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
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
import io.neuromail.itests.support.Settings;

/**
 * The SES webhook ({@code feature:install neuromail-sender-ses}) with SNS messages signed by a key
 * made for this run, whose certificate a servlet of this test serves on the loopback interface
 * (trusted through the test-only {@code testCertificateBaseUrl} of
 * {@code etc/io.neuromail.sender.ses.webhook.cfg}). Only valid messages change anything; what they
 * report reaches the ledger through delivery's feedback service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class WebhookIT extends NeuroMailTestSupport {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:neuromail-itest-feedback";
    private static final String PATH = "/itest-sns";
    private static final AtomicInteger CONFIRMATIONS = new AtomicInteger();
    private static PrivateKey key;
    private static String certificateUrl;

    @Inject
    protected FeaturesService features;

    @Before
    public void signingKeyAndConfiguration() throws Exception {
        synchronized (WebhookIT.class) {
            if (key != null) {
                return;
            }
            Path dir = Files.createTempDirectory("sns-key");
            Path store = dir.resolve("sns.p12");
            String password = UUID.randomUUID().toString();
            Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                    .toString(), "-genkeypair", "-alias", "sns", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=sns.test", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", password, "-keypass", password)).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            assertTrue("keytool: " + output, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, password.toCharArray());
            }
            X509Certificate certificate = (X509Certificate) ks.getCertificate("sns");
            String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("osgi.http.whiteboard.servlet.pattern", PATH + "/*");
            bundleContext.registerService(Servlet.class, new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    if (req.getRequestURI().endsWith("/certs/test.pem")) {
                        resp.setContentType("application/x-pem-file");
                        resp.getOutputStream().write(pem.getBytes(StandardCharsets.US_ASCII));
                    } else if (req.getRequestURI().endsWith("/confirm")) {
                        CONFIRMATIONS.incrementAndGet();
                        resp.setContentType("text/xml");
                        resp.getWriter().write("<ConfirmSubscriptionResponse/>");
                    } else {
                        resp.sendError(404);
                    }
                }
            }, props);
            String base = "http://127.0.0.1:" + Settings.httpPort() + PATH;
            certificateUrl = base + "/certs/test.pem";
            configure("io.neuromail.delivery.cfg", Map.of("autoPause.minimumSent", "1"));
            configure("io.neuromail.sender.ses.webhook.cfg", Map.of("topicArns", TOPIC,
                    "testCertificateBaseUrl", base + "/certs"));
            // As feature:install does, without refreshing other bundles (that would restart this test's probe).
            if (!features.isInstalled(features.getFeature("neuromail-sender-ses"))) {
                features.installFeature("neuromail-sender-ses", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            }
            key = (PrivateKey) ks.getKey("sns", password.toCharArray());
            // The webhook restarts with the new configuration: wait until it accepts a valid message of
            // the test topic (one about no message of NeuroMail's, which changes nothing).
            Poll.until("the webhook accepts the test topic", Duration.ofSeconds(60), () -> post(notification(
                    bounce("nothing"), Instant.now(), TOPIC, "2", certificateUrl, false)).status() == 200);
        }
    }

    /** Sets properties of a file in etc/, as an operator would (File Install applies them). */
    private static void configure(String file, Map<String, String> values) throws IOException {
        Path cfg = Path.of(System.getProperty("karaf.etc"), file);
        StringBuilder out = new StringBuilder();
        for (String line : Files.exists(cfg) ? Files.readAllLines(cfg) : List.<String>of()) {
            String name = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
            if (!values.containsKey(name)) {
                out.append(line).append('\n');
            }
        }
        values.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(cfg, out);
    }

    @Test
    public void onlyAValidNotificationChangesAnything() throws Exception {
        Api api = Api.signedUp();
        JsonNode sent = sentMessage(api);
        String sendId = sent.get("sendId").asText();
        String bounce = bounce(sent.get("providerId").asText());
        Instant now = Instant.now();

        Map<String, String> badSignature = notification(bounce, now, TOPIC, "2", certificateUrl, true);
        assertTrue(post(badSignature).expect(403).body().contains("bad signature"));
        Map<String, String> wrongHost = notification(bounce, now, TOPIC, "2",
                "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem", false);
        assertTrue(post(wrongHost).expect(403).body().contains("not an HTTPS Amazon SNS URL"));
        Map<String, String> plainHttpSns = notification(bounce, now, TOPIC, "2",
                "http://sns.eu-west-1.amazonaws.com/cert.pem", false);
        post(plainHttpSns).expect(403);
        Map<String, String> wrongTopic = notification(bounce, now, TOPIC + "-other", "2", certificateUrl, false);
        assertTrue(post(wrongTopic).expect(403).body().contains("not configured"));
        Map<String, String> stale = notification(bounce, now.minus(Duration.ofHours(2)), TOPIC, "2", certificateUrl, false);
        assertTrue(post(stale).expect(403).body().contains("stale"));
        api.sendRaw("POST", "/api/v1/webhooks/ses", "not json", "text/plain").expect(400);
        assertEquals(0, send(api, sendId).get("bounces").asInt());

        Map<String, String> valid = notification(bounce, now, TOPIC, "2", certificateUrl, false);
        assertEquals(1, post(valid).expect(200).json().get("recipients").asInt());
        JsonNode afterValid = send(api, sendId);
        assertEquals(1, afterValid.get("bounces").asInt());

        assertEquals("already processed", post(valid).expect(200).json().get("status").asText());
        assertEquals(1, send(api, sendId).get("bounces").asInt());
    }

    @Test
    public void aVersion1ComplaintPausesARunningSendOverTheThreshold() throws Exception {
        Api api = Api.signedUp();
        String sendId = DeliveryIT.startSend(api, 200, "complaint");
        JsonNode row = Poll.until("a message is sent", Duration.ofSeconds(60), () -> api.get("/api/v1/sends/" + sendId
                + "/recipients?state=sent&limit=1").expect(200).json().get("items"), items -> items.size() > 0).get(0);
        String complaint = "{\"notificationType\":\"Complaint\",\"mail\":{\"messageId\":\""
                + row.get("providerId").asText() + "\"},\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":\""
                + row.get("recipient").asText() + "\"}],\"complaintFeedbackType\":\"abuse\"}}";
        post(notification(complaint, Instant.now(), TOPIC, "1", certificateUrl, false)).expect(200);
        JsonNode paused = send(api, sendId);
        assertEquals(1, paused.get("complaints").asInt());
        assertEquals("auto-paused", paused.get("state").asText());
        assertTrue(paused.get("stateReason").asText(), paused.get("stateReason").asText().contains("complaint rate"));
        api.post("/api/v1/sends/" + sendId + "/resume", null).expect(200);
        DeliveryIT.awaitState(api, sendId, "finished");
        DeliveryIT.assertExactlyOnce(api, sendId, 200);
    }

    @Test
    public void subscriptionsAreConfirmedOnlyForConfiguredTopics() throws Exception {
        int before = CONFIRMATIONS.get();
        Map<String, String> other = confirmation(TOPIC + "-other");
        post(other).expect(403);
        assertEquals(before, CONFIRMATIONS.get());
        assertEquals("subscription confirmed", post(confirmation(TOPIC)).expect(200).json().get("status").asText());
        assertEquals(before + 1, CONFIRMATIONS.get());
    }

    private static JsonNode sentMessage(Api api) {
        String id = api.post("/api/v1/messages", Map.of("from", "shop@example.com", "to", "gone@example.org",
                "subject", "Receipt", "text", "Thanks")).expect(202).json().get("id").asText();
        return Poll.until("the message is sent", Duration.ofSeconds(60), () -> api.get("/api/v1/messages/" + id)
                .expect(200).json(), m -> "sent".equals(m.get("state").asText()));
    }

    private static JsonNode send(Api api, String sendId) {
        return api.get("/api/v1/sends/" + sendId).expect(200).json();
    }

    private static String bounce(String providerId) {
        return "{\"notificationType\":\"Bounce\",\"mail\":{\"messageId\":\"" + providerId + "\"},"
                + "\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"gone@example.org\",\"diagnosticCode\":\"550 5.1.1\"}]}}";
    }

    private Map<String, String> notification(String message, Instant at, String topic, String version, String certUrl,
                                             boolean tamper) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Type", "Notification");
        m.put("MessageId", UUID.randomUUID().toString());
        m.put("TopicArn", topic);
        m.put("Message", message);
        m.put("Timestamp", at.toString());
        m.put("SignatureVersion", version);
        String canonical = "Message\n" + message + "\nMessageId\n" + m.get("MessageId") + "\nTimestamp\n" + at
                + "\nTopicArn\n" + topic + "\nType\nNotification\n";
        m.put("Signature", sign(canonical, version));
        m.put("SigningCertURL", certUrl);
        if (tamper) {
            m.put("Message", message.replace("Permanent", "Transient"));
        }
        return m;
    }

    private Map<String, String> confirmation(String topic) {
        Map<String, String> m = new LinkedHashMap<>();
        Instant at = Instant.now();
        m.put("Type", "SubscriptionConfirmation");
        m.put("MessageId", UUID.randomUUID().toString());
        m.put("Token", "token-" + UUID.randomUUID());
        m.put("TopicArn", topic);
        m.put("Message", "You have chosen to subscribe to the topic " + topic);
        m.put("SubscribeURL", "http://127.0.0.1:" + Settings.httpPort() + PATH + "/certs/confirm");
        m.put("Timestamp", at.toString());
        m.put("SignatureVersion", "2");
        String canonical = "Message\n" + m.get("Message") + "\nMessageId\n" + m.get("MessageId") + "\nSubscribeURL\n"
                + m.get("SubscribeURL") + "\nTimestamp\n" + at + "\nToken\n" + m.get("Token") + "\nTopicArn\n" + topic
                + "\nType\nSubscriptionConfirmation\n";
        m.put("Signature", sign(canonical, "2"));
        m.put("SigningCertURL", certificateUrl);
        return m;
    }

    private static String sign(String canonical, String version) {
        try {
            Signature signer = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
            signer.initSign(key);
            signer.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response post(Map<String, String> message) {
        try {
            return Api.anonymous().sendRaw("POST", "/api/v1/webhooks/ses", Api.JSON.writeValueAsString(message),
                    "text/plain; charset=UTF-8");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
