package io.neuromail.identity.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.security.ClientAddresses;

/** The identity bundle's rule for client addresses, for the other bundles' rate limits and logs. */
@Component(service = ClientAddresses.class)
public class ClientAddressService implements ClientAddresses {

    private static final int MAX_CHARS = 64;

    @Reference
    private IdentityService identity;

    @Override
    public String of(String remoteAddress, String forwardedFor) {
        String ip = identity.clientOf(remoteAddress, forwardedFor, null).ip();
        return ip != null && ip.length() > MAX_CHARS ? ip.substring(0, MAX_CHARS) : ip;
    }
}
