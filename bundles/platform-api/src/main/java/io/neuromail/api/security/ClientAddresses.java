package io.neuromail.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who is really calling: the one rule for a request's client address, behind the reverse proxies the
 * operator trusts ({@code clientAddress.trustedProxies} in {@code etc/io.neuromail.identity.cfg}).
 * Rate limits and the activity log of every bundle key on it. The identity bundle provides it.
 */
@ProviderType
public interface ClientAddresses {

    /**
     * The client's address: {@code remoteAddress}, or, when that is a trusted proxy, the nearest
     * address in {@code X-Forwarded-For} that is not one; at most 64 characters (a proxy passes on
     * whatever its client wrote, and the address is a key of bounded tables).
     *
     * @param remoteAddress the connecting peer
     * @param forwardedFor  the request's {@code X-Forwarded-For} header, may be {@code null}
     */
    String of(String remoteAddress, String forwardedFor);
}
