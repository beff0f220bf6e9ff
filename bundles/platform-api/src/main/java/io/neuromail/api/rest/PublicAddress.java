package io.neuromail.api.rest;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where recipients and users reach this NeuroMail from the outside: the start of every public link it
 * makes (unsubscribe, address verification, password reset). The operator sets it in
 * {@code etc/io.neuromail.public.cfg} ({@link NeuroMailApi#PUBLIC_PID}); the rest bundle provides it.
 * Read it each time a link is made: the operator may change it while NeuroMail runs.
 */
@ProviderType
public interface PublicAddress {

    /**
     * The base URL without a trailing slash, e.g. {@code https://mail.example.com}; empty while the
     * operator has not set it (or set something that is not an http or https URL).
     */
    String baseUrl();
}
