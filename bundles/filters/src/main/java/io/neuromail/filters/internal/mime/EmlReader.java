package io.neuromail.filters.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.angus.mail.util.MailStreamProvider;

import io.neuromail.filter.api.Email;

/**
 * Reads a raw RFC 5322 message (an {@code .eml} file) into the {@link Email} the filters check: the
 * subject with its encoded words decoded, From, Reply-To, the other headers, and the first
 * {@code text/plain} and {@code text/html} body parts found in the (possibly nested) multiparts,
 * their transfer encoding (quoted-printable, base64) undone and their charset honoured.
 * Attachments are not read.
 *
 * <p>Multiparts are opened with {@link MimeMultipart#MimeMultipart(jakarta.activation.DataSource)}
 * and parts read through their decoded input stream, so no activation command map is involved;
 * decoding needs Angus's stream provider, found through the thread context class loader (set to
 * the Angus bundle's while reading).
 */
public final class EmlReader {

    /** Headers that describe the structure or the envelope rather than the content. */
    private static final Set<String> NOT_CONTENT = Set.of("subject", "from", "reply-to", "to", "cc", "bcc",
            "date", "message-id", "mime-version", "content-type", "content-transfer-encoding",
            "content-disposition", "content-id", "content-description");
    private static final int MAX_DEPTH = 20;
    private static final int MAX_HEADER_VALUE = 4000;

    private EmlReader() {
    }

    /**
     * Reads the message.
     *
     * @throws MalformedMessageException when it cannot be read as MIME, declares an unknown charset,
     *                                   or has no text or HTML body
     */
    public static Email read(byte[] raw) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailStreamProvider.class.getClassLoader());
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            if (!hasMessageHeaders(message)) {
                throw new MalformedMessageException("No message headers found: a raw message starts with header lines such as"
                        + " From:, Subject: and Content-Type:, then an empty line and the body");
            }
            Bodies bodies = new Bodies();
            collect(message, bodies, 0);
            if (bodies.text == null && bodies.html == null) {
                throw new MalformedMessageException("The message has no text/plain or text/html body part");
            }
            return new Email(decoded(message.getHeader("Subject", " ")), decoded(message.getHeader("From", ", ")),
                    decoded(message.getHeader("Reply-To", ", ")), bodies.html, bodies.text, contentHeaders(message));
        } catch (MessagingException e) {
            throw new MalformedMessageException("The message is not valid MIME: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MalformedMessageException("A body part cannot be decoded: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static boolean hasMessageHeaders(MimeMessage message) throws MessagingException {
        for (String name : new String[] {"From", "Subject", "Content-Type", "MIME-Version", "Date", "To"}) {
            if (message.getHeader(name) != null) {
                return true;
            }
        }
        return false;
    }

    private static final class Bodies {
        String text;
        String html;
    }

    private static void collect(MimePart part, Bodies bodies, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException("The multiparts are nested more than " + MAX_DEPTH + " levels deep");
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        ContentType type = contentType(part);
        if (type.match("multipart/*")) {
            MimeMultipart multipart = new MimeMultipart(new MimePartDataSource(part));
            for (int i = 0; i < multipart.getCount(); i++) {
                collect((MimePart) multipart.getBodyPart(i), bodies, depth + 1);
            }
        } else if (type.match("text/plain") && bodies.text == null) {
            bodies.text = text(part, type);
        } else if (type.match("text/html") && bodies.html == null) {
            bodies.html = text(part, type);
        }
    }

    private static ContentType contentType(MimePart part) throws MessagingException {
        String header = part.getHeader("Content-Type", null);
        if (header == null) {
            return new ContentType("text", "plain", null);
        }
        try {
            return new ContentType(header);
        } catch (MessagingException e) {
            throw new MalformedMessageException("Invalid Content-Type \"" + header.strip() + "\": " + e.getMessage(), e);
        }
    }

    private static String text(MimePart part, ContentType type) throws MessagingException, IOException {
        String declared = type.getParameter("charset");
        Charset charset;
        if (declared == null || declared.isBlank()) {
            // US-ASCII by the standard; UTF-8 reads it the same and also the 8-bit mail that omits it.
            charset = StandardCharsets.UTF_8;
        } else {
            try {
                charset = Charset.forName(MimeUtility.javaCharset(declared.strip()));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new MalformedMessageException("The " + type.getBaseType().toLowerCase(Locale.ROOT)
                        + " part declares the unknown charset \"" + declared + "\"", e);
            }
        }
        return new String(part.getInputStream().readAllBytes(), charset);
    }

    /**
     * The content headers, repeated ones joined with ", ". Each value stops growing at
     * {@value #MAX_HEADER_VALUE} characters and no header is decoded after that, so thousands of
     * repetitions of one header cost their reading, not a copy of the joined value per repetition.
     */
    private static Map<String, String> contentHeaders(MimeMessage message) throws MessagingException {
        Map<String, StringBuilder> headers = new LinkedHashMap<>();
        for (Enumeration<Header> e = message.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            if (NOT_CONTENT.contains(h.getName().toLowerCase(Locale.ROOT))) {
                continue;
            }
            StringBuilder value = headers.get(h.getName());
            if (value == null) {
                value = new StringBuilder();
                headers.put(h.getName(), value);
            } else if (value.length() >= MAX_HEADER_VALUE) {
                continue;
            } else {
                value.append(", ");
            }
            String raw = h.getValue();
            value.append(decoded(raw.length() > 4 * MAX_HEADER_VALUE ? raw.substring(0, 4 * MAX_HEADER_VALUE) : raw));
            if (value.length() > MAX_HEADER_VALUE) {
                value.setLength(MAX_HEADER_VALUE);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> out.put(name, value.toString()));
        return out;
    }

    private static String decoded(String value) {
        if (value == null) {
            return null;
        }
        String unfolded = MimeUtility.unfold(value).strip();
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (UnsupportedEncodingException e) {
            // An encoded word with an unknown charset: the filters read it as written.
            return unfolded;
        }
    }
}
