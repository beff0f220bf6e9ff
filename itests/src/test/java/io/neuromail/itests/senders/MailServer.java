package io.neuromail.itests.senders;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.util.MailStreamProvider;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail, a real SMTP server, running inside the container on a loopback port. Loaded only after
 * the GreenMail bundle is installed (see {@link SenderInstall#installTestBundle}).
 */
final class MailServer {

    private static GreenMail server;

    private MailServer() {
    }

    /** Starts the server (once) and answers its SMTP port. */
    static synchronized int start() {
        if (server == null) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // GreenMail's threads parse mail with Jakarta Mail, which finds Angus through this loader.
            thread.setContextClassLoader(MailStreamProvider.class.getClassLoader());
            try {
                server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
                server.start();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return server.getSmtp().getPort();
    }

    static synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Every message delivered to that mailbox, as text with LF line ends. */
    static List<String> deliveredTo(String mailbox) {
        return server.findReceivedMessages(user -> user.getEmail().equals(mailbox), m -> true)
                .map(MailServer::text).collect(Collectors.toList());
    }

    private static String text(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read a received message", e);
        }
    }
}
