package io.neuromail.tracking.internal;

import java.util.Arrays;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Who is really calling, for rate limits: the connecting address or, when that is a trusted reverse
 * proxy, the nearest address in {@code X-Forwarded-For} that is not one. The list of proxies is the
 * identity bundle's ({@code clientAddress.trustedProxies} in {@code etc/io.neuromail.identity.cfg})
 * and so is the rule, which that bundle keeps internal: an operator lists proxies once, and they mean
 * the same to the API and to these public pages.
 */
@Component(service = ClientAddress.class, configurationPid = TrackingConfig.IDENTITY_PID)
public class ClientAddress {

    /** The one property this bundle reads from the identity bundle's configuration. */
    @interface ProxyConfig {
        String[] clientAddress_trustedProxies() default {};
    }

    private final Set<String> trustedProxies;

    @Activate
    public ClientAddress(ProxyConfig config) {
        this(config.clientAddress_trustedProxies());
    }

    ClientAddress(String[] trustedProxies) {
        this.trustedProxies = Set.of(Arrays.stream(trustedProxies == null ? new String[0] : trustedProxies)
                .map(String::strip).filter(a -> !a.isEmpty()).distinct().toArray(String[]::new));
    }

    String of(String remoteAddress, String forwardedFor) {
        if (forwardedFor != null && trustedProxies.contains(remoteAddress)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                    // Bounded: a proxy passes on whatever its client wrote; the key must stay small.
                    return hop.length() > 64 ? hop.substring(0, 64) : hop;
                }
            }
        }
        return remoteAddress;
    }
}
