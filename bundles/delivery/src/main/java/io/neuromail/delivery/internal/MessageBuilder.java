package io.neuromail.delivery.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Builds the MIME message of one ledger row with Jakarta Mail: every header goes through its API,
 * which encodes non-ASCII text; no header is ever assembled from raw input, and values with line
 * breaks are refused before they get here ({@link HeaderValues}).
 */
public final class MessageBuilder {

    /** Extra headers a sender needs (SES configuration set, message tags). */
    public record SenderHeaders(String configurationSet, boolean sesTags) {
        public static final SenderHeaders NONE = new SenderHeaders(null, false);
    }

    private final Session session = Session.getInstance(new Properties());
    private final String publicBaseUrl;
    private final UnsubscribeTokens tokens;

    public MessageBuilder(String publicBaseUrl, UnsubscribeTokens tokens) {
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        this.tokens = tokens;
    }

    /** The List-Unsubscribe URL of a row. */
    public String unsubscribeUrl(SendContent send, String deliveryId, String recipient) {
        return publicBaseUrl + "/api/v1/unsubscribe/" + tokens.token(send.accountId(), send.id(), deliveryId, recipient);
    }

    /** The raw message of {@code deliveryId} to {@code recipient}, personalised with {@code fields}. */
    public byte[] build(SendContent send, String deliveryId, String recipient, Map<String, String> fields,
                        SenderHeaders senderHeaders) {
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + deliveryId + "@" + domainOf(send.fromAddress()) + ">");
                }
            };
            message.setFrom(address(send.fromAddress(), send.fromName()));
            message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(recipient, true));
            message.setSubject(HeaderValues.require("subject", Personalisation.header(send.subject(), fields)), "UTF-8");
            message.setSentDate(new Date());
            if (send.marketing()) {
                message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl(send, deliveryId, recipient) + ">");
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            if (senderHeaders.configurationSet() != null && !senderHeaders.configurationSet().isBlank()) {
                message.setHeader("X-SES-CONFIGURATION-SET",
                        HeaderValues.require("configurationSet", senderHeaders.configurationSet()));
            }
            if (senderHeaders.sesTags()) {
                message.setHeader("X-SES-MESSAGE-TAGS", "neuromail-delivery=" + deliveryId + ", neuromail-send=" + send.id());
            }
            String text = Personalisation.text(send.text(), fields);
            String html = Personalisation.html(send.html(), fields);
            if (text != null && html != null) {
                MimeMultipart alternative = new MimeMultipart("alternative");
                MimeBodyPart textPart = new MimeBodyPart();
                textPart.setText(text, "UTF-8", "plain");
                MimeBodyPart htmlPart = new MimeBodyPart();
                htmlPart.setText(html, "UTF-8", "html");
                alternative.addBodyPart(textPart);
                alternative.addBodyPart(htmlPart);
                message.setContent(alternative);
            } else if (html != null) {
                message.setText(html, "UTF-8", "html");
            } else {
                message.setText(text == null ? "" : text, "UTF-8", "plain");
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("the message cannot be built: " + e.getMessage(), e);
        }
    }

    private static InternetAddress address(String email, String name) throws MessagingException,
            UnsupportedEncodingException {
        InternetAddress address = new InternetAddress(email, true);
        if (name != null && !name.isBlank()) {
            address.setPersonal(HeaderValues.require("fromName", name), StandardCharsets.UTF_8.name());
        }
        return address;
    }

    static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "localhost" : email.substring(at + 1);
    }
}
