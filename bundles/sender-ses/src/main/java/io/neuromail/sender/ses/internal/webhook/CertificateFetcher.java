package io.neuromail.sender.ses.internal.webhook;

import java.security.cert.X509Certificate;

/** Fetches the certificate an SNS message names, refusing any URL that is not Amazon SNS's. */
public interface CertificateFetcher {

    /** The certificate at {@code url}; throws {@link SecurityException} for a URL that is not allowed. */
    X509Certificate fetch(String url) throws Exception;

    /** Whether NeuroMail may call {@code url} (signing certificates and subscription confirmations). */
    boolean allowed(String url);
}
