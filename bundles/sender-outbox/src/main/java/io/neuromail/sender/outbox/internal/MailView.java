package io.neuromail.sender.outbox.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWiring;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/** Reads stored messages with Jakarta Mail: decoded headers and the text and HTML bodies. */
public final class MailView {

    /** A message as the Outbox page lists it. */
    public record Summary(String id, String from, String to, String subject, String date, long size) {
    }

    /** A header, decoded. */
    public record HeaderLine(String name, String value) {
    }

    /** A message opened: its headers and bodies (the HTML is shown as text, never rendered). */
    public record Opened(String id, String from, String to, String subject, String date, long size,
                         List<HeaderLine> headers, String text, String html) {
    }

    private static final Session SESSION = Session.getInstance(new Properties());
    private static volatile ClassLoader mailLoader;

    private MailView() {
    }

    /** The list entry of a stored message. */
    public static Summary summary(String id, byte[] mime) {
        return withMailLoader(() -> {
            MimeMessage m = parse(mime);
            return new Summary(id, header(m, "From"), header(m, "To"), header(m, "Subject"), header(m, "Date"), mime.length);
        });
    }

    /** A stored message opened. */
    public static Opened open(String id, byte[] mime) {
        return withMailLoader(() -> {
            MimeMessage m = parse(mime);
            List<HeaderLine> headers = new ArrayList<>();
            try {
                for (Enumeration<Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
                    Header h = e.nextElement();
                    headers.add(new HeaderLine(h.getName(), decode(h.getValue())));
                }
                String[] bodies = new String[2];
                collect(m, bodies);
                return new Opened(id, header(m, "From"), header(m, "To"), header(m, "Subject"), header(m, "Date"),
                        mime.length, headers, bodies[0], bodies[1]);
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("the message cannot be read: " + e.getMessage(), e);
            }
        });
    }

    private static void collect(Part part, String[] bodies) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && bodies[0] == null) {
            bodies[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && bodies[1] == null) {
            bodies[1] = String.valueOf(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, bodies);
            }
        }
    }

    private static MimeMessage parse(byte[] mime) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(mime));
        } catch (MessagingException e) {
            throw new IllegalStateException("the message cannot be read: " + e.getMessage(), e);
        }
    }

    private static String header(MimeMessage m, String name) {
        try {
            String value = m.getHeader(name, ", ");
            return value == null ? null : decode(value);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    /**
     * Jakarta Mail finds Angus (its implementation) and the mailcap through the thread context class
     * loader; in OSGi that has to be a loader that sees the Angus bundles.
     */
    private static <T> T withMailLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(mailLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static ClassLoader mailLoader() {
        ClassLoader loader = mailLoader;
        if (loader != null) {
            return loader;
        }
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(MailView.class.getClassLoader());
        Bundle self = FrameworkUtil.getBundle(MailView.class);
        if (self != null) {
            for (Bundle b : self.getBundleContext().getBundles()) {
                String name = String.valueOf(b.getSymbolicName());
                BundleWiring wiring = b.adapt(BundleWiring.class);
                if ((name.startsWith("org.eclipse.angus") || name.startsWith("angus-")) && wiring != null) {
                    loaders.add(wiring.getClassLoader());
                }
            }
        }
        loader = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                for (ClassLoader l : loaders) {
                    try {
                        return l.loadClass(name);
                    } catch (ClassNotFoundException e) {
                        continue; // the next loader may have it
                    }
                }
                throw new ClassNotFoundException(name);
            }

            @Override
            protected URL findResource(String name) {
                return loaders.stream().map(l -> l.getResource(name)).filter(u -> u != null).findFirst().orElse(null);
            }

            @Override
            protected Enumeration<URL> findResources(String name) throws IOException {
                LinkedHashSet<URL> urls = new LinkedHashSet<>();
                for (ClassLoader l : loaders) {
                    urls.addAll(Collections.list(l.getResources(name)));
                }
                return Collections.enumeration(urls);
            }
        };
        mailLoader = loader;
        return loader;
    }
}
