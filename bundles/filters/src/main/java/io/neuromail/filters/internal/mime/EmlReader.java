package io.neuromail.filters.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.activation.DataSource;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;

import org.eclipse.angus.mail.util.MailStreamProvider;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;

/**
 * Reads a raw RFC 5322 message (an {@code .eml} file) into the {@link Email} the filters check: the
 * subject with its encoded words decoded, From, Reply-To, the other headers, and the first
 * {@code text/plain} and {@code text/html} body parts found in the (possibly nested) multiparts,
 * their transfer encoding (quoted-printable, base64) undone and their charset honoured.
 * Attachments are not read.
 *
 * <p>The reader is tolerant, as mail programs are: whatever a mail program would still show is
 * read best-effort and checked, with a finding of the pseudo-filter {@value #FILTER} saying what
 * was odd: an mbox {@code From } line before the headers, an unknown or wrong charset (read as
 * UTF-8 when the bytes are valid UTF-8, else as windows-1252), a Content-Type with broken
 * parameters (its type and its charset and boundary are picked out) or Content-Disposition, a multipart whose boundary
 * never comes (read as one text part), a transfer encoding that is unknown or broken (read as it
 * is, or the valid base64 of it), 8-bit bytes in headers. Only input without message headers or
 * without any text or HTML part is refused.
 *
 * <p>Multiparts are opened with {@link MimeMultipart#MimeMultipart(DataSource)} and parts read
 * through their decoded input stream, so no activation command map is involved; decoding needs
 * Angus's stream provider, found through the thread context class loader (set to the Angus
 * bundle's while reading).
 */
public final class EmlReader {

    /** The name under which the reader's findings are reported. */
    public static final String FILTER = "message";

    /** Headers that describe the structure or the envelope rather than the content. */
    private static final Set<String> NOT_CONTENT = Set.of("subject", "from", "reply-to", "to", "cc", "bcc",
            "date", "message-id", "mime-version", "content-type", "content-transfer-encoding",
            "content-disposition", "content-id", "content-description");
    private static final int MAX_DEPTH = 20;
    private static final int MAX_HEADER_VALUE = 4000;
    /** How much of an odd header value a finding quotes. */
    private static final int MAX_QUOTED = 80;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** Labels of US-ASCII, which Jakarta Mail maps to a superset. */
    private static final Set<String> US_ASCII_NAMES = Set.of("us-ascii", "ascii", "us_ascii", "ansi_x3.4-1968", "iso646-us");

    /**
     * A message as read, and what was odd about it.
     *
     * @param email    the message the filters check
     * @param findings what the reader had to work around, reported under {@value #FILTER}
     */
    public record Result(Email email, List<Finding> findings) {
        public Result {
            findings = List.copyOf(findings);
        }
    }

    private EmlReader() {
    }

    /**
     * Reads the message, best-effort.
     *
     * @throws MalformedMessageException when it has no message headers or no text or HTML body
     */
    public static Result read(byte[] raw) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailStreamProvider.class.getClassLoader());
        Oddities odd = new Oddities();
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(withoutMboxLine(raw, odd)));
            if (!hasMessageHeaders(message)) {
                throw new MalformedMessageException("No message headers found: a raw message starts with header lines such as"
                        + " From:, Subject: and Content-Type:, then an empty line and the body");
            }
            Bodies bodies = new Bodies();
            collect(message, bodies, 0, odd);
            if (bodies.text == null && bodies.html == null) {
                throw new MalformedMessageException("The message has no text/plain or text/html body part");
            }
            Email email = new Email(header(message, "Subject", " ", odd), header(message, "From", ", ", odd),
                    header(message, "Reply-To", ", ", odd), bodies.html, bodies.text, contentHeaders(message, odd));
            return new Result(email, odd.findings);
        } catch (MessagingException e) {
            throw new MalformedMessageException("The message is not valid MIME: " + quoted(e.getMessage()), e);
        } catch (IOException e) {
            throw new MalformedMessageException("A body part cannot be read: " + quoted(e.getMessage()), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** What the reader worked around, one finding per kind of oddity. */
    private static final class Oddities {
        final List<Finding> findings = new ArrayList<>();
        private final Set<String> seen = new java.util.HashSet<>();

        void add(String rule, double score, String message) {
            if (seen.add(rule)) {
                findings.add(Finding.of(FILTER + "." + rule, score, message, Location.message()));
            }
        }
    }

    /** An mbox file's {@code From sender date} separator line is storage, not part of the message. */
    private static byte[] withoutMboxLine(byte[] raw, Oddities odd) {
        if (raw.length < 5 || raw[0] != 'F' || raw[1] != 'r' || raw[2] != 'o' || raw[3] != 'm' || raw[4] != ' ') {
            return raw;
        }
        int end = 0;
        while (end < raw.length && raw[end] != '\n') {
            end++;
        }
        odd.add("mbox-line", 0, "The file starts with an mbox \u201cFrom \u201d line; it was skipped");
        return java.util.Arrays.copyOfRange(raw, Math.min(end + 1, raw.length), raw.length);
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

    private static void collect(MimePart part, Bodies bodies, int depth, Oddities odd) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException("The multiparts are nested more than " + MAX_DEPTH + " levels deep");
        }
        if (attachment(part, odd)) {
            return;
        }
        ContentType type = contentType(part, odd);
        if (type.match("multipart/*")) {
            byte[] content = decoded(part, odd);
            MimeMultipart multipart = new MimeMultipart(new Bytes(content, type.toString()));
            int count;
            try {
                count = multipart.getCount();
            } catch (MessagingException e) {
                // A mail program shows such a body as text: so do the filters.
                odd.add("broken-multipart", 0.5, "A multipart's boundary never appears (" + quoted(e.getMessage()) + "); its body was read as text");
                String text = text(content, type.getParameter("charset"), type, odd);
                String lower = text.toLowerCase(Locale.ROOT);
                if ((lower.contains("<html") || lower.contains("<body")) && bodies.html == null) {
                    bodies.html = text;
                } else if (bodies.text == null) {
                    bodies.text = text;
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                collect((MimePart) multipart.getBodyPart(i), bodies, depth + 1, odd);
            }
        } else if (type.match("text/plain") && bodies.text == null) {
            bodies.text = text(decoded(part, odd), type.getParameter("charset"), type, odd);
        } else if (type.match("text/html") && bodies.html == null) {
            bodies.html = text(decoded(part, odd), type.getParameter("charset"), type, odd);
        }
    }

    /** Whether the part is an attachment; a Content-Disposition that does not parse is judged by its first word. */
    private static boolean attachment(MimePart part, Oddities odd) throws MessagingException {
        try {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        } catch (MessagingException e) {
            String header = part.getHeader("Content-Disposition", null);
            odd.add("content-disposition", 0.5, "The Content-Disposition \u201c" + quoted(header) + "\u201d is malformed; its first word was taken");
            return header != null && header.strip().toLowerCase(Locale.ROOT).startsWith(Part.ATTACHMENT);
        }
    }

    /** The part's Content-Type; one that does not parse is read leniently: its type, charset and boundary. */
    private static ContentType contentType(MimePart part, Oddities odd) throws MessagingException {
        String header = part.getHeader("Content-Type", null);
        if (header == null) {
            return new ContentType("text", "plain", null);
        }
        try {
            return new ContentType(header);
        } catch (MessagingException e) {
            odd.add("content-type", 0.5, "The Content-Type \u201c" + quoted(header.strip()) + "\u201d is malformed; its type and charset were picked out");
            return lenientContentType(header);
        }
    }

    /** Type, subtype, charset and boundary of a malformed Content-Type value, each found by a linear scan. */
    static ContentType lenientContentType(String header) {
        String value = MimeUtility.unfold(header).strip();
        int end = 0;
        while (end < value.length() && value.charAt(end) != ';' && !Character.isWhitespace(value.charAt(end))) {
            end++;
        }
        String base = value.substring(0, end).toLowerCase(Locale.ROOT);
        int slash = base.indexOf('/');
        String primary = slash > 0 ? base.substring(0, slash) : "text";
        String sub = slash > 0 && slash < base.length() - 1 ? base.substring(slash + 1) : "plain";
        if (!token(primary) || !token(sub)) {
            primary = "text";
            sub = "plain";
        }
        ParameterList params = new ParameterList();
        for (String name : new String[] {"charset", "boundary"}) {
            String param = parameter(value, name);
            if (param != null) {
                params.set(name, param);
            }
        }
        return new ContentType(primary, sub, params);
    }

    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code name=} in a header, quoted or up to the next separator, or {@code null}. */
    private static String parameter(String header, String name) {
        String lower = header.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(name + "=");
        while (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1))) {
            at = lower.indexOf(name + "=", at + 1);
        }
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 1;
        if (start < header.length() && header.charAt(start) == '"') {
            int close = header.indexOf('"', start + 1);
            return close < 0 ? header.substring(start + 1) : header.substring(start + 1, close);
        }
        int stop = start;
        while (stop < header.length() && header.charAt(stop) != ';' && !Character.isWhitespace(header.charAt(stop))) {
            stop++;
        }
        return stop > start ? header.substring(start, stop) : null;
    }

    /**
     * The part's content with its transfer encoding undone. An unknown transfer encoding is read as
     * it is; base64 with errors is read up to and around them, the valid characters only.
     */
    private static byte[] decoded(MimePart part, Oddities odd) throws MessagingException, IOException {
        String encoding = transferEncoding(part);
        if (encoding != null && !known(encoding)) {
            odd.add("transfer-encoding", 0.5, "The transfer encoding \u201c" + quoted(encoding) + "\u201d is unknown; the part was read as it is");
            return raw(part);
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (!"base64".equalsIgnoreCase(encoding)) {
                throw e;
            }
            odd.add("broken-base64", 0.5, "A base64 part is broken (" + quoted(e.getMessage()) + "); what could be decoded was read");
            return lenientBase64(raw(part));
        }
    }

    private static String transferEncoding(MimePart part) throws MessagingException {
        String header = part.getHeader("Content-Transfer-Encoding", null);
        return header == null ? null : MimeUtility.unfold(header).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean known(String encoding) {
        return Set.of("7bit", "8bit", "binary", "quoted-printable", "base64", "uuencode", "x-uuencode", "x-uue").contains(encoding);
    }

    private static byte[] raw(MimePart part) throws MessagingException, IOException {
        InputStream in = part instanceof MimeMessage m ? m.getRawInputStream() : ((MimeBodyPart) part).getRawInputStream();
        try (in) {
            return in.readAllBytes();
        }
    }

    /** The base64 alphabet's characters of {@code raw}, cut to whole groups of four, decoded. */
    static byte[] lenientBase64(byte[] raw) {
        StringBuilder clean = new StringBuilder(raw.length);
        for (byte b : raw) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                clean.append(c);
            }
        }
        clean.setLength(clean.length() - clean.length() % 4);
        return Base64.getDecoder().decode(clean.toString());
    }

    /**
     * The text of a body part in its declared charset. An unknown charset, or US-ASCII declared for
     * 8-bit text, is read as UTF-8 when the bytes are valid UTF-8, else as windows-1252 (what mail
     * programs guess too); no declared charset likewise, without a finding.
     */
    private static String text(byte[] bytes, String declared, ContentType type, Oddities odd) {
        if (declared == null || declared.isBlank()) {
            return guessed(bytes);
        }
        Charset charset;
        try {
            charset = Charset.forName(MimeUtility.javaCharset(declared.strip()));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            odd.add("unknown-charset", 0.5, "The " + type.getBaseType().toLowerCase(Locale.ROOT) + " part declares the unknown charset \u201c"
                    + quoted(declared) + "\u201d; it was read as " + (validUtf8(bytes) ? "UTF-8" : "windows-1252"));
            return guessed(bytes);
        }
        if ((charset.equals(StandardCharsets.US_ASCII) || US_ASCII_NAMES.contains(declared.strip().toLowerCase(Locale.ROOT))) && !ascii(bytes)) {
            odd.add("wrong-charset", 0.5, "The " + type.getBaseType().toLowerCase(Locale.ROOT) + " part declares US-ASCII but holds 8-bit text; it was read as "
                    + (validUtf8(bytes) ? "UTF-8" : "windows-1252"));
            return guessed(bytes);
        }
        return new String(bytes, charset);
    }

    private static String guessed(byte[] bytes) {
        return new String(bytes, validUtf8(bytes) ? StandardCharsets.UTF_8 : WINDOWS_1252);
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A header's value, with 8-bit bytes (read as ISO-8859-1 by the parser) re-read as UTF-8 or windows-1252. */
    private static String header(MimeMessage message, String name, String separator, Oddities odd) throws MessagingException {
        return eightBit(decoded(message.getHeader(name, separator)), name, odd);
    }

    private static String eightBit(String value, String name, Oddities odd) {
        if (value == null) {
            return null;
        }
        boolean eightBit = false;
        for (int i = 0; i < value.length() && !eightBit; i++) {
            char c = value.charAt(i);
            eightBit = c >= 0x80 && c <= 0xff;
        }
        if (!eightBit) {
            return value;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                return value;
            }
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        odd.add("8bit-header", 0, "The " + name + " header holds unencoded 8-bit text; it was read as " + (validUtf8(bytes) ? "UTF-8" : "windows-1252"));
        return guessed(bytes);
    }

    /**
     * The content headers, repeated ones joined with ", ". Each value stops growing at
     * {@value #MAX_HEADER_VALUE} characters and no header is decoded after that, so thousands of
     * repetitions of one header cost their reading, not a copy of the joined value per repetition.
     */
    private static Map<String, String> contentHeaders(MimeMessage message, Oddities odd) throws MessagingException {
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
            value.append(eightBit(decoded(raw.length() > 4 * MAX_HEADER_VALUE ? raw.substring(0, 4 * MAX_HEADER_VALUE) : raw), h.getName(), odd));
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

    /** A value quoted in a finding or an error: at most {@value #MAX_QUOTED} characters. */
    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        String oneLine = (value.length() > 4 * MAX_QUOTED ? value.substring(0, 4 * MAX_QUOTED) : value).replaceAll("\\s+", " ");
        return oneLine.length() > MAX_QUOTED ? oneLine.substring(0, MAX_QUOTED) + "\u2026" : oneLine;
    }

    /** Bytes already decoded, with the (possibly repaired) content type: what a multipart is parsed from. */
    private record Bytes(byte[] content, String type) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read only");
        }

        @Override
        public String getContentType() {
            return type;
        }

        @Override
        public String getName() {
            return "part";
        }
    }
}
