package io.neuromail.itests.senders;

import java.nio.charset.StandardCharsets;

import io.neuromail.delivery.api.OutgoingMessage;

/** Messages the sender tests send. */
final class Messages {

    private Messages() {
    }

    static String mime(String subject) {
        return "From: NeuroMail Test <news@sender.test>\r\n"
                + "To: Readers <list@example.com>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '.') + "@sender.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + "This is " + subject + ".\r\n";
    }

    static OutgoingMessage to(String recipient, String subject) {
        return new OutgoingMessage("itest-account", "itest-" + subject.replace(' ', '-'), "bounces@sender.test", recipient,
                mime(subject).getBytes(StandardCharsets.UTF_8));
    }
}
