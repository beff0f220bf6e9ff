package io.neuromail.examples.sender;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.delivery.api.DeliveryFeedback;
import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.SenderProperties;

/**
 * A sender as a third party writes one. It delivers nothing: it accepts every message, and for a
 * recipient at the bounce domain it reports a hard bounce a moment later, the way a provider's
 * webhook would, through {@link DeliveryFeedback}. Configuration (optional):
 * {@code etc/io.neuromail.examples.sender.cfg}.
 */
@Component(service = EmailSender.class, configurationPid = ExampleSender.PID)
@SenderProperties(name = "example", title = "Example sender")
@Designate(ocd = ExampleSender.Config.class)
public class ExampleSender implements EmailSender {

    /** The configuration PID. */
    public static final String PID = "io.neuromail.examples.sender";

    @ObjectClassDefinition(name = "NeuroMail example sender",
            description = "Accepts every message; recipients at the bounce domain bounce")
    public @interface Config {
        @AttributeDefinition(name = "Messages per second", description = "The rate the sender allows")
        double maxPerSecond() default 50;

        @AttributeDefinition(name = "Bounce domain", description = "Mail to this domain bounces (hard)")
        String bounceDomain() default "bounce.example.com";
    }

    private static final Logger LOG = Logger.getLogger(ExampleSender.class.getName());

    private final DeliveryFeedback feedback;
    private final double maxPerSecond;
    private final String bounceSuffix;
    /** Reports go out after send() answered, as a provider's would: never while the ledger waits for the answer. */
    private final ExecutorService reports = Executors.newSingleThreadExecutor(r -> new Thread(r, "example-sender-feedback"));

    @Activate
    public ExampleSender(@Reference DeliveryFeedback feedback, Config config) {
        this.feedback = feedback;
        this.maxPerSecond = config.maxPerSecond();
        this.bounceSuffix = "@" + config.bounceDomain().toLowerCase(Locale.ROOT);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        reports.shutdown();
        reports.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        String providerId = "example-" + message.deliveryId();
        if (message.recipient().toLowerCase(Locale.ROOT).endsWith(bounceSuffix)) {
            ProviderFeedback bounce = ProviderFeedback.bounced(providerId, message.recipient(),
                    ProviderFeedback.BounceType.HARD, "550 5.1.1 example: no such user").byDeliveryId(message.deliveryId());
            try {
                reports.execute(() -> LOG.info(() -> "bounce of " + message.deliveryId() + ": " + feedback.report(bounce)));
            } catch (RejectedExecutionException stopping) {
                LOG.log(Level.WARNING, "the sender is stopping: the bounce of " + message.deliveryId()
                        + " is not reported", stopping);
            }
        }
        return SendResult.accepted(providerId);
    }

    @Override
    public SenderLimits limits() {
        return new SenderLimits(maxPerSecond, 10L * 1024 * 1024);
    }
}
