package io.neuromail.sender.smtp.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import org.eclipse.angus.mail.util.MailSSLSocketFactory;
import org.eclipse.angus.mail.util.MailStreamProvider;

/** Builds the Jakarta Mail session of a relay. */
final class MailSessions {

    private MailSessions() {
    }

    static Session create(RelaySettings relay) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", relay.host());
        p.setProperty("mail.smtp.port", String.valueOf(relay.port()));
        p.setProperty("mail.smtp.connectiontimeout", String.valueOf(relay.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", String.valueOf(relay.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", String.valueOf(relay.readTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", String.valueOf(relay.authenticates()));
        // Plain and STARTTLS connections: no Nagle delay between the small writes of a transaction.
        p.put("mail.smtp.socketFactory", NoDelaySocketFactory.PLAIN);
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        // Closing a connection does not wait for the answer to QUIT.
        p.setProperty("mail.smtp.quitwait", "false");
        switch (relay.security()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
            }
            case TLS -> p.setProperty("mail.smtp.ssl.enable", "true");
            case NONE -> p.setProperty("mail.smtp.starttls.enable", "false");
        }
        if (relay.security() != Security.NONE) {
            p.setProperty("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
            p.put("mail.smtp.ssl.socketFactory", NoDelaySocketFactory.tls(tls(relay)));
            // Unless the operator vouches for the relay's certificate (self-signed, internal name),
            // it must be valid and name the relay.
            p.setProperty("mail.smtp.ssl.checkserveridentity", String.valueOf(!trusted(relay)));
        }
        if (!relay.heloName().isEmpty()) {
            p.setProperty("mail.smtp.localhost", relay.heloName());
        }
        try {
            return withMailClassLoader(() -> Session.getInstance(p));
        } catch (MessagingException e) {
            throw new IllegalStateException("Jakarta Mail session: " + e.getMessage(), e);
        }
    }

    /** The JVM's TLS, or, for a relay among the trusted hosts, one that accepts its certificate as it is. */
    private static SSLSocketFactory tls(RelaySettings relay) {
        if (!trusted(relay)) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            MailSSLSocketFactory trusting = new MailSSLSocketFactory();
            trusting.setTrustAllHosts(true); // this session only ever connects to the relay
            return trusting;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    /** Whether the relay is one of the trusted TLS hosts ("*" for any). */
    static boolean trusted(RelaySettings relay) {
        return Arrays.stream(relay.tlsTrustedHosts().split("\\s+"))
                .anyMatch(host -> host.equals("*") || host.equalsIgnoreCase(relay.host()));
    }

    /**
     * Runs an action with the Angus bundle as the thread context class loader: the Jakarta Mail API
     * finds its implementation (the stream provider) through it, which in OSGi is otherwise not
     * visible from the API bundle.
     */
    static <T> T withMailClassLoader(MailAction<T> action) throws MessagingException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailStreamProvider.class.getClassLoader());
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A Jakarta Mail call. */
    @FunctionalInterface
    interface MailAction<T> {
        T run() throws MessagingException;
    }
}
