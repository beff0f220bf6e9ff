package io.neuromail.sender.ses.internal;

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
import io.neuromail.senderidentity.api.ProviderIdentities;
import io.neuromail.senderidentity.api.ProviderIdentityStatus;

/**
 * The Amazon SES sender, named {@code ses}, configured by {@code etc/io.neuromail.sender.ses.cfg}.
 * <p>
 * The service is registered by hand with only its name, title and ranking: a DS service would carry
 * every configuration property, the secret access key included, into the service registry, where
 * any console lists it. An edited configuration replaces the SES client in place, so the sender
 * never leaves the registry because an operator changed a setting.
 * <p>
 * While configured it also tells the sender identities page how SES sees a domain or address
 * ({@link ProviderIdentities}).
 */
@Component(name = SesSenderComponent.PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SesConfig.class)
public class SesSenderComponent implements EmailSender, ProviderIdentities {

    /** The configuration PID. */
    public static final String PID = "io.neuromail.sender.ses";
    /** The sender's name. */
    public static final String NAME = "ses";

    private static final Logger LOG = LoggerFactory.getLogger(SesSenderComponent.class);

    private volatile SesSender sender;
    private ServiceRegistration<EmailSender> registration;
    private ServiceRegistration<ProviderIdentities> identities;

    @Activate
    void activate(BundleContext context, SesConfig config) {
        sender = new SesSender(SesSettings.from(config));
        registration = context.registerService(EmailSender.class, this, properties(config));
        identities = context.registerService(ProviderIdentities.class, this, null);
        LOG.info("Sending through {}", sender);
    }

    @Modified
    void modified(SesConfig config) {
        SesSender previous = sender;
        sender = new SesSender(SesSettings.from(config));
        registration.setProperties(properties(config));
        previous.close();
        LOG.info("Sending through {} (configuration changed)", sender);
    }

    @Deactivate
    void deactivate() {
        identities.unregister();
        registration.unregister();
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

    @Override
    public ProviderIdentityStatus status(String identity) {
        return sender.identityStatus(identity);
    }

    private static Dictionary<String, Object> properties(SesConfig config) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SenderProperties.NAME, NAME);
        properties.put(SenderProperties.TITLE, "Amazon SES");
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        return properties;
    }
}
