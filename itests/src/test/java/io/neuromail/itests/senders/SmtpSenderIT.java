package io.neuromail.itests.senders;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;

/**
 * The SMTP sender in the distribution, switched on the way an operator does it (a relay's .cfg file
 * in etc/ and {@code feature:install neuromail-sender-smtp}), sending to GreenMail on loopback.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
// Signatures and fields name no sender API type: JUnit reads them before the test installs the feature.
public class SmtpSenderIT extends NeuroMailTestSupport {

    private static final String RELAY_FILE = "io.neuromail.sender.smtp-itest.cfg";
    private static final String SECOND_FILE = "io.neuromail.sender.smtp-second.cfg";

    @Inject
    protected FeaturesService features;

    @Before
    public void switchOnTheSmtpSender() throws Exception {
        SenderInstall.installFeature(features, "neuromail-sender-smtp");
        SenderInstall.installTestBundle(bundleContext, "greenmail");
        int port = MailServer.start();
        SenderInstall.writeConfig(RELAY_FILE, relay("itest-relay", "Integration relay", port, 7));
    }

    @After
    public void stopTheMailServer() {
        SenderInstall.deleteConfig(RELAY_FILE);
        SenderInstall.deleteConfig(SECOND_FILE);
        SenderInstall.awaitNoSender(bundleContext, "itest-relay");
        MailServer.stop();
    }

    private static Map<String, String> relay(String name, String title, int port, int ranking) {
        return Map.of("name", name, "title", title, "host", "127.0.0.1", "port", String.valueOf(port),
                "security", "none", "maxPerSecond", "25", "connections", "2", "service.ranking", String.valueOf(ranking));
    }

    @Test
    public void aConfiguredRelayIsASenderThatDeliversTheMessageAsBuilt() throws Exception {
        ServiceReference<?> reference = SenderInstall.awaitSender(bundleContext, "itest-relay");
        assertEquals("Integration relay", reference.getProperty(SenderInstall.TITLE));
        assertEquals(7, reference.getProperty(Constants.SERVICE_RANKING));
        EmailSender sender = (EmailSender) bundleContext.getService(reference);
        try {
            assertEquals(25.0, sender.limits().maxPerSecond(), 0);
            assertTrue(sender.testConnection(), sender.testConnection().contains(": 250"));

            SendResult result = sender.send(Messages.to("reader@example.org", "through the relay"));

            assertTrue(result.toString(), result instanceof SendResult.Accepted);
            List<String> delivered = MailServer.deliveredTo("reader@example.org");
            assertEquals(1, delivered.size());
            assertTrue(delivered.get(0), delivered.get(0).contains("Return-Path: <bounces@sender.test>"));
            assertTrue(delivered.get(0), delivered.get(0).strip().endsWith(
                    Messages.mime("through the relay").replace("\r\n", "\n").strip()));
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    @Test
    public void eachRelayFileIsItsOwnSenderAndLeavesWithIt() throws Exception {
        SenderInstall.awaitSender(bundleContext, "itest-relay");
        SenderInstall.writeConfig(SECOND_FILE, relay("second-relay", "Second relay", MailServer.start(), 1));

        ServiceReference<?> second = SenderInstall.awaitSender(bundleContext, "second-relay");
        assertEquals(1, second.getProperty(Constants.SERVICE_RANKING));
        SenderInstall.deleteConfig(SECOND_FILE);

        SenderInstall.awaitNoSender(bundleContext, "second-relay");
        assertTrue("the first relay stays", SenderInstall.sender(bundleContext, "itest-relay") != null);
    }

    @Test
    public void anEditedRelayStaysRegisteredWithItsNewSettings() {
        ServiceReference<?> reference = SenderInstall.awaitSender(bundleContext, "itest-relay");
        Object serviceId = reference.getProperty(Constants.SERVICE_ID);

        SenderInstall.writeConfig(RELAY_FILE, relay("itest-relay", "Renamed relay", MailServer.start(), 3));

        Poll.until("the new title on the sender", SenderInstall.WAIT,
                () -> "Renamed relay".equals(reference.getProperty(SenderInstall.TITLE)));
        assertEquals(3, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals("the same service all along", serviceId,
                SenderInstall.awaitSender(bundleContext, "itest-relay").getProperty(Constants.SERVICE_ID));
    }

    @Test
    public void aRelayThatIsDownMeansRetryLater() throws Exception {
        ServiceReference<?> reference = SenderInstall.awaitSender(bundleContext, "itest-relay");
        EmailSender sender = (EmailSender) bundleContext.getService(reference);
        try {
            MailServer.stop();
            SendResult result = sender.send(Messages.to("reader@example.org", "nobody listens"));
            assertTrue(result.toString(), result instanceof SendResult.RetryLater);
        } finally {
            bundleContext.ungetService(reference);
        }
    }
}
