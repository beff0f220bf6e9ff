package io.neuromail.sender.smtp.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.SenderProperties;

/**
 * One SMTP relay per factory configuration ({@code etc/io.neuromail.sender.smtp-<relay>.cfg}),
 * registered as an {@link EmailSender} named by the configuration's {@code name}. The sender is
 * registered by hand rather than by DS because its service properties ({@link SenderProperties#NAME},
 * {@link SenderProperties#TITLE}) come from configuration keys an operator writes as plain
 * {@code name} and {@code title}.
 */
@Component(name = SmtpSenderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SmtpConfig.class, factory = true)
public class SmtpSenderComponent {

    /** The factory configuration PID. */
    public static final String PID = "io.neuromail.sender.smtp";

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSenderComponent.class);

    private SmtpSender sender;
    private ServiceRegistration<EmailSender> registration;

    @Activate
    void activate(BundleContext context, SmtpConfig config) {
        RelaySettings relay = RelaySettings.from(config);
        sender = new SmtpSender(relay);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SenderProperties.NAME, relay.name());
        properties.put(SenderProperties.TITLE, relay.title());
        properties.put(Constants.SERVICE_RANKING, relay.ranking());
        registration = context.registerService(EmailSender.class, sender, properties);
        LOG.info("Sending through {}", relay);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        sender.close();
        LOG.info("Stopped sending through {}", sender);
    }
}
