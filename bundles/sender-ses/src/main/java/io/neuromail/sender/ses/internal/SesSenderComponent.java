package io.neuromail.sender.ses.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.SenderProperties;

/** The Amazon SES sender, named {@code ses}, configured by {@code etc/io.neuromail.sender.ses.cfg}. */
@Component(name = SesSenderComponent.PID, service = EmailSender.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SesConfig.class)
@SenderProperties(name = "ses", title = "Amazon SES")
public class SesSenderComponent implements EmailSender {

    /** The configuration PID. */
    public static final String PID = "io.neuromail.sender.ses";

    private static final Logger LOG = LoggerFactory.getLogger(SesSenderComponent.class);

    private SesSender sender;

    @Activate
    void activate(SesConfig config) {
        sender = new SesSender(SesSettings.from(config));
        LOG.info("Sending through {}", sender);
    }

    @Deactivate
    void deactivate() {
        sender.close();
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        return sender.send(message);
    }

    @Override
    public SenderLimits limits() {
        return sender.limits();
    }

    @Override
    public String testConnection() throws Exception {
        return sender.testConnection();
    }
}
