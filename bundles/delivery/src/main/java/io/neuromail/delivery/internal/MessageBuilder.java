package io.neuromail.delivery.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Builds the MIME message of one ledger row with Jakarta Mail: every header goes through its API,
 * which encodes non-ASCII text; no header is ever assembled from raw input, and values with line
 * breaks are refused before they get here ({@link HeaderValues}).
 */
public final class MessageBuilder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DASHES = {'-', '-'};

    /** The merge tag that places the unsubscribe link; a marketing body without it gets a footer with the link. */
    public static final String UNSUBSCRIBE_TAG = "unsubscribe_url";

    private final Session session = Session.getInstance(new Properties());
    private final java.util.function.Supplier<String> publicBaseUrl;
    private final String unsubscribeMailbox;
    private final UnsubscribeTokens tokens;
    private final TrackingTokens tracking;

    /**
     * @param publicBaseUrl      where recipients reach this NeuroMail, without a trailing slash; empty while the
     *                           operator has not set it (marketing messages cannot be built then)
     * @param unsubscribeMailbox an address that takes unsubscribe requests by mail, or empty
     */
    public MessageBuilder(java.util.function.Supplier<String> publicBaseUrl, String unsubscribeMailbox,
                          UnsubscribeTokens tokens) {
        this(publicBaseUrl, unsubscribeMailbox, tokens, null);
    }

    /** @param tracking signs the open pixels and click links of tracked sends; {@code null}: none are made */
    public MessageBuilder(java.util.function.Supplier<String> publicBaseUrl, String unsubscribeMailbox,
                          UnsubscribeTokens tokens, TrackingTokens tracking) {
        this.publicBaseUrl = publicBaseUrl;
        this.unsubscribeMailbox = unsubscribeMailbox == null ? "" : unsubscribeMailbox.strip();
        this.tokens = tokens;
        this.tracking = tracking;
    }

    /**
     * The address of a row's tracking link {@code link} ({@link TrackingTokens#OPEN} for its open
     * pixel), or empty when none can be made (no public base URL, no tracking key, ids of another form).
     */
    public java.util.Optional<String> trackingUrl(String deliveryId, String sendId, int link) {
        String base = publicBaseUrl.get();
        if (base.isEmpty() || tracking == null) {
            return java.util.Optional.empty();
        }
        String path = link == TrackingTokens.OPEN ? io.neuromail.delivery.api.TrackingLinks.OPEN_PATH
                : io.neuromail.delivery.api.TrackingLinks.CLICK_PATH;
        return tracking.token(deliveryId, sendId, link).map(token -> base + path + "/" + token);
    }

    /** Whether marketing messages can be built: their unsubscribe links need the public base URL. */
    public boolean canBuildMarketing() {
        return !publicBaseUrl.get().isEmpty();
    }

    /** What an unsubscribe link looks like, for checking a message before its rows exist. */
    public String sampleUnsubscribeUrl() {
        return publicBaseUrl.get() + io.neuromail.delivery.api.Unsubscribes.PATH + "/"
                + "0".repeat(26) + "." + "A".repeat(43);
    }

    /** The unsubscribe URL of a row. */
    public String unsubscribeUrl(SendContent send, String deliveryId, String recipient) {
        String base = publicBaseUrl.get();
        if (base.isEmpty()) {
            throw new IllegalStateException("the public base URL is not set (baseUrl in etc/io.neuromail.public.cfg); "
                    + "marketing messages need it for their unsubscribe links");
        }
        return base + io.neuromail.delivery.api.Unsubscribes.PATH + "/"
                + tokens.token(send.accountId(), send.id(), deliveryId, recipient);
    }

    /** The parts of one rendered message. Any part but the subject may be {@code null}. */
    public record Parts(String subject, String text, String html) {
    }

    /** The raw message of {@code deliveryId} to {@code recipient}, personalised with {@code fields}. */
    public byte[] build(SendContent send, String deliveryId, String recipient, Map<String, String> fields) {
        return build(send, deliveryId, recipient, url -> {
            if (url == null) {
                return new Parts(Personalisation.header(send.subject(), fields), Personalisation.text(send.text(), fields),
                        Personalisation.html(send.html(), fields));
            }
            Map<String, String> withLink = new java.util.HashMap<>(fields);
            withLink.put(UNSUBSCRIBE_TAG, url);
            return new Parts(Personalisation.header(send.subject(), fields),
                    Personalisation.text(UnsubscribeFooter.text(send.text()), withLink),
                    Personalisation.html(UnsubscribeFooter.html(send.html()), withLink));
        });
    }

    /**
     * The raw message of {@code deliveryId} to {@code recipient} with the parts {@code render} makes from
     * the row's unsubscribe URL ({@code null} for mail that is not marketing), which must place that link
     * or add a footer with it. Marketing mail gets the List-Unsubscribe headers with the same URL.
     */
    public byte[] build(SendContent send, String deliveryId, String recipient,
                        java.util.function.Function<String, Parts> render) {
        try {
            EncodedMessage message = new EncodedMessage(session);
            message.setFrom(address(send.fromAddress(), send.fromName()));
            if (send.replyTo() != null && !send.replyTo().isBlank()) {
                message.setReplyTo(new InternetAddress[] {new InternetAddress(send.replyTo(), true)});
            }
            message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(recipient, true));
            String url = null;
            if (send.marketing()) {
                url = unsubscribeUrl(send, deliveryId, recipient);
                message.setHeader("List-Unsubscribe", "<" + url + ">" + (unsubscribeMailbox.isEmpty() ? ""
                        : ", <mailto:" + unsubscribeMailbox + "?subject=unsubscribe%20" + deliveryId + ">"));
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            Parts parts = render.apply(url);
            message.setSubject(HeaderValues.require("subject", parts.subject()), "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("Message-ID", "<" + deliveryId + "@" + domainOf(send.fromAddress()) + ">");
            String text = parts.text();
            String html = parts.html();
            message.setHeader("MIME-Version", "1.0");
            ByteBuffer out;
            if (text != null && html != null) {
                String boundary = "=_nm_" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        + Long.toHexString(ThreadLocalRandom.current().nextLong());
                ContentType type = new ContentType("multipart", "alternative", null);
                type.setParameter("boundary", boundary);
                message.setHeader("Content-Type", type.toString());
                out = new ByteBuffer(text.length() + html.length() + 2048);
                byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
                for (String[] part : new String[][] {{"plain", text}, {"html", html}}) {
                    out.write(delimiter);
                    out.write(CRLF);
                    encodePart(out, part[0], part[1]);
                    out.write(CRLF);
                }
                out.write(delimiter);
                out.write(DASHES);
                out.write(CRLF);
            } else {
                out = new ByteBuffer((html != null ? html.length() : text == null ? 0 : text.length()) + 1024);
                TextBody body = TextBody.of(html != null ? html : text == null ? "" : text);
                message.setHeader("Content-Type", contentType(html != null ? "html" : "plain"));
                message.setHeader("Content-Transfer-Encoding", body.encoding());
                body.writeTo(out, session);
            }
            message.body(out.toByteArray());
            ByteBuffer raw = new ByteBuffer(out.size() + 2048);
            message.writeTo(raw);
            return raw.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("the message cannot be built: " + e.getMessage(), e);
        }
    }

    /** One text part of a multipart body: its headers, a blank line, its encoded content. */
    private void encodePart(ByteBuffer out, String subtype, String content) throws IOException {
        TextBody body = TextBody.of(content);
        out.write(("Content-Type: " + contentType(subtype)).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(("Content-Transfer-Encoding: " + body.encoding()).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(CRLF);
        body.writeTo(out, session);
    }

    private static String contentType(String subtype) {
        return "text/" + subtype + "; charset=UTF-8";
    }

    /**
     * A text in UTF-8 with CRLF line ends and the transfer encoding it needs: 7bit when it is ASCII in
     * lines SMTP carries as they are, base64 when most of it is not ASCII, quoted-printable otherwise.
     * The encoders are Jakarta Mail's, taken from the session.
     */
    record TextBody(byte[] bytes, String encoding) {

        static final int MAX_LINE = 998;

        static TextBody of(String text) {
            byte[] bytes = canonicalLineEnds(text).getBytes(StandardCharsets.UTF_8);
            int nonAscii = 0;
            int line = 0;
            int longest = 0;
            for (byte b : bytes) {
                if (b < 0 || b == 0) {
                    nonAscii++;
                }
                if (b == '\n') {
                    line = 0;
                } else if (++line > longest) {
                    longest = line;
                }
            }
            String encoding = nonAscii == 0 && longest <= MAX_LINE ? "7bit"
                    : nonAscii * 3L > bytes.length ? "base64" : "quoted-printable";
            return new TextBody(bytes, encoding);
        }

        void writeTo(ByteBuffer out, Session session) throws IOException {
            switch (encoding) {
                case "7bit" -> out.write(bytes);
                case "base64" -> {
                    try (OutputStream encoder = session.getStreamProvider().outputBase64(out)) {
                        encoder.write(bytes);
                    }
                }
                default -> {
                    try (OutputStream encoder = session.getStreamProvider().outputQP(out)) {
                        encoder.write(bytes);
                    }
                }
            }
        }

        /** Every line end (CR, LF or CRLF) as CRLF. */
        static String canonicalLineEnds(String text) {
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == n || text.charAt(i + 1) != '\n'))) {
                    break;
                }
                i += c == '\r' ? 2 : 1;
            }
            if (i >= n) {
                return text;
            }
            StringBuilder out = new StringBuilder(n + 64).append(text, 0, i);
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c == '\r') {
                    out.append("\r\n");
                    if (i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                } else if (c == '\n') {
                    out.append("\r\n");
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /**
     * A message whose body is already encoded. Jakarta Mail writes it as it writes a parsed message:
     * its header lines, then the body bytes. (Writing a message it built itself would look its stream
     * provider up through the service loader for every part, which under OSGi costs more than the
     * rest of the message.)
     */
    private static final class EncodedMessage extends MimeMessage {

        EncodedMessage(Session session) {
            super(session);
        }

        void body(byte[] encoded) {
            content = encoded;
            saved = true;
            modified = false;
        }
    }

    /**
     * An unsynchronised growable byte buffer (the encoders write byte by byte). Closing it does
     * nothing, so an encoder over it can be closed to flush its last bytes.
     */
    static final class ByteBuffer extends OutputStream {

        private byte[] buffer;
        private int size;

        ByteBuffer(int capacity) {
            buffer = new byte[Math.max(64, capacity)];
        }

        @Override
        public void write(int b) {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + len));
            }
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
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
