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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.SenderProperties;

/**
 * The Amazon SES sender, named {@code ses}, configured by {@code etc/io.neuromail.sender.ses.cfg}.
 * The sender is registered by hand with its name, title and ranking only: a DS service would carry
 * every configuration property, the secret access key included, into the service registry, where
 * any console lists it.
 */
@Component(name = SesSenderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SesConfig.class)
public class SesSenderComponent {

    /** The configuration PID. */
    public static final String PID = "io.neuromail.sender.ses";
    /** The sender's name. */
    public static final String NAME = "ses";

    private static final Logger LOG = LoggerFactory.getLogger(SesSenderComponent.class);

    private SesSender sender;
    private ServiceRegistration<EmailSender> registration;

    @Activate
    void activate(BundleContext context, SesConfig config) {
        sender = new SesSender(SesSettings.from(config));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SenderProperties.NAME, NAME);
        properties.put(SenderProperties.TITLE, "Amazon SES");
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        registration = context.registerService(EmailSender.class, sender, properties);
        LOG.info("Sending through {}", sender);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        sender.close();
    }
}
