package io.neuromail.itests.senders;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceReference;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.testing.ses.ReceivedEmail;

/**
 * The Amazon SES sender in the distribution (etc/io.neuromail.sender.ses.cfg and
 * {@code feature:install neuromail-sender-ses}), through the real AWS SDK embedded in the bundle, to
 * the local SES v2 endpoint on loopback: accepted, throttled and rejected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
// Signatures and fields name no sender API type: JUnit reads them before the test installs the feature.
public class SesSenderIT extends NeuroMailTestSupport {

    private static final String CONFIG_FILE = "io.neuromail.sender.ses.cfg";
    private static final double RATE = 6;

    @Inject
    protected FeaturesService features;

    private ServiceReference<?> reference;
    /** The EmailSender service, typed Object: JUnit reads field types before the feature is installed. */
    private Object service;

    @Before
    public void switchOnTheSesSender() throws Exception {
        SenderInstall.installTestBundle(bundleContext, "ses-endpoint");
        String endpoint = SesEndpointFixture.start(RATE);
        SenderInstall.writeConfig(CONFIG_FILE, Map.of("region", "eu-west-1", "accessKeyId", "AKIDNEUROMAILITEST",
                "secretAccessKey", "itest-secret", "configurationSetName", "itest-events", "endpointOverride", endpoint));
        SenderInstall.installFeature(features, "neuromail-sender-ses");
        reference = SenderInstall.awaitSender(bundleContext, "ses");
        service = bundleContext.getService(reference);
    }

    @After
    public void stopTheEndpoint() {
        if (reference != null) {
            bundleContext.ungetService(reference);
        }
        SenderInstall.deleteConfig(CONFIG_FILE);
        SenderInstall.awaitNoSender(bundleContext, "ses");
        SesEndpointFixture.stop();
    }

    @Test
    public void sendsRawMailThroughTheSdkAndReadsTheAccountsRate() throws Exception {
        assertEquals("Amazon SES", reference.getProperty(SenderInstall.TITLE));
        EmailSender sender = (EmailSender) service;
        assertEquals(RATE, sender.limits().maxPerSecond(), 0);
        assertTrue(sender.testConnection(), sender.testConnection().endsWith("sending enabled"));

        SendResult result = sender.send(Messages.to("reader@example.org", "through ses"));

        assertTrue(result.toString(), result instanceof SendResult.Accepted);
        ReceivedEmail received = SesEndpointFixture.received().get(0);
        assertEquals(((SendResult.Accepted) result).providerMessageId(), received.messageId());
        assertEquals("reader@example.org", received.destinations().get(0));
        assertEquals(Messages.mime("through ses"), received.rawText());
        assertEquals("AKIDNEUROMAILITEST", received.accessKeyId());
        assertEquals("itest-events", received.configurationSetName());
    }

    @Test
    public void throttlingBecomesRetryLater() {
        SesEndpointFixture.throttleNext(1);

        SendResult result = ((EmailSender) service).send(Messages.to("reader@example.org", "throttled"));

        assertTrue(result.toString(), result instanceof SendResult.RetryLater);
        assertTrue(result.toString(), ((SendResult.RetryLater) result).reason().contains("TooManyRequestsException"));
        assertEquals("no hidden retry by the SDK", 1, SesEndpointFixture.sendRequests());
    }

    @Test
    public void aSendThroughSesKeepsToTheAccountsRateAndDeliversEveryoneOnceDespiteThrottling() {
        Api api = Api.signedUp();
        api.put("/api/v1/delivery/settings", Map.of("sender", "ses", "fallback", false)).expect(200);
        SesEndpointFixture.throttleNext(2);
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            recipients.add(Map.of("email", "ses" + i + "@example.org"));
        }
        String sendId = api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "News", "text", "Hello",
                "recipients", recipients)).expect(201).json().get("id").asText();

        JsonNode send = Poll.until("the send is finished", Duration.ofSeconds(60),
                () -> api.get("/api/v1/sends/" + sendId).expect(200).json(), s -> "finished".equals(s.get("state").asText()));

        assertEquals(send.toString(), 24, send.get("counts").get("sent").asInt());
        Map<String, Integer> arrivals = SesEndpointFixture.acceptedPerRecipient();
        assertEquals(arrivals.toString(), 24, arrivals.size());
        arrivals.forEach((to, n) -> assertEquals(to, Integer.valueOf(1), n));
        assertEquals("the two throttled messages were sent again", 26, SesEndpointFixture.sendRequests());
        assertTrue("at most " + RATE + " requests in any second: " + SesEndpointFixture.maxRequestsInAnySecond(),
                SesEndpointFixture.maxRequestsInAnySecond() <= RATE);
    }

    @Test
    public void aRejectedMessageIsPermanent() {
        SesEndpointFixture.rejectRecipient("unverified@example.org");

        SendResult result = ((EmailSender) service).send(Messages.to("unverified@example.org", "rejected"));

        assertTrue(result.toString(), result instanceof SendResult.Rejected);
        assertTrue(result.toString(), ((SendResult.Rejected) result).reason().contains("MessageRejected"));
    }
}
