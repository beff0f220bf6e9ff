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
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.SenderProperties;

/**
 * One SMTP relay per factory configuration ({@code etc/io.neuromail.sender.smtp-<relay>.cfg}),
 * registered as an {@link EmailSender} named by the configuration's {@code name}.
 * <p>
 * The service is registered by hand with only its name, title and ranking: a DS service would carry
 * every configuration property, the password included, into the service registry. An edited
 * configuration replaces the relay's connections in place, so the sender never leaves the registry
 * (which would make its messages wait or fall back) just because an operator changed a setting.
 */
@Component(name = SmtpSenderComponent.PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SmtpConfig.class, factory = true)
public class SmtpSenderComponent implements EmailSender {

    /** The factory configuration PID. */
    public static final String PID = "io.neuromail.sender.smtp";

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSenderComponent.class);

    private volatile SmtpSender sender;
    private ServiceRegistration<EmailSender> registration;

    @Activate
    void activate(BundleContext context, SmtpConfig config) {
        RelaySettings relay = RelaySettings.from(config);
        sender = new SmtpSender(relay);
        registration = context.registerService(EmailSender.class, this, properties(relay));
        LOG.info("Sending through {}", relay);
    }

    @Modified
    void modified(SmtpConfig config) {
        RelaySettings relay = RelaySettings.from(config);
        SmtpSender previous = sender;
        sender = new SmtpSender(relay);
        registration.setProperties(properties(relay));
        previous.close();
        LOG.info("Sending through {} (configuration changed)", relay);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        sender.close();
        LOG.info("Stopped sending through {}", sender);
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

    private static Dictionary<String, Object> properties(RelaySettings relay) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SenderProperties.NAME, relay.name());
        properties.put(SenderProperties.TITLE, relay.title());
        properties.put(Constants.SERVICE_RANKING, relay.ranking());
        return properties;
    }
}
