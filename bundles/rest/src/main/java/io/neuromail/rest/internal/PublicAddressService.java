package io.neuromail.rest.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.PublicAddress;

/** The operator's public address of this NeuroMail ({@code etc/io.neuromail.public.cfg}). */
@Component(service = PublicAddress.class, configurationPid = NeuroMailApi.PUBLIC_PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PublicAddressService.Config.class)
public class PublicAddressService implements PublicAddress {

    @ObjectClassDefinition(name = "NeuroMail public address",
            description = "Where recipients and users reach this NeuroMail; public links start with it")
    public @interface Config {
        @AttributeDefinition(name = "Public base URL",
                description = "e.g. https://mail.example.com; empty refuses marketing sends (their unsubscribe links need it)")
        String baseUrl() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(PublicAddressService.class);

    private volatile String baseUrl = "";

    @Activate
    @Modified
    void configure(Config config) {
        baseUrl = normalise(config.baseUrl());
        if (baseUrl.isEmpty() && !config.baseUrl().isBlank()) {
            LOG.error("baseUrl in etc/{}.cfg is not an http or https URL without query or fragment; public links "
                    + "cannot be made until it is", NeuroMailApi.PUBLIC_PID);
        }
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    /** The URL without its trailing slashes, or empty when it is not an absolute http(s) URL without query or fragment. */
    static String normalise(String value) {
        String url = value == null ? "" : value.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.isEmpty()) {
            return "";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean ok = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            return ok ? url : "";
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
