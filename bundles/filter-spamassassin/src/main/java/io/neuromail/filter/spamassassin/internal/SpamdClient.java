package io.neuromail.filter.spamassassin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of SpamAssassin's {@code spamd} (the SPAMC/1.5 protocol): sends a message with
 * {@code REPORT} and reads the verdict and the table of rules that hit.
 */
final class SpamdClient {

    private static final Pattern STATUS = Pattern.compile("SPAMD/\\d+\\.\\d+ (\\d+) (.*)");
    private static final Pattern SPAM = Pattern.compile("(?i)Spam: (True|False|Yes|No) ; (-?[\\d.]+) / (-?[\\d.]+)");
    private static final Pattern RULE = Pattern.compile("^\\s*(-?\\d+(?:\\.\\d+)?)\\s+([A-Z0-9_]+)\\s+(.*)$");

    /** What spamd said. */
    record Report(boolean spam, double score, double threshold, List<RuleHit> rules) {
    }

    /** One rule that hit. */
    record RuleHit(String name, double score, String description) {
    }

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    SpamdClient(String host, int port, int connectTimeoutMillis, int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    String address() {
        return host + ":" + port;
    }

    Report report(byte[] message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("REPORT SPAMC/1.5\r\nContent-length: " + message.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            socket.shutdownOutput();
            return parse(readAll(socket.getInputStream()));
        }
    }

    static Report parse(String answer) throws IOException {
        String[] lines = answer.split("\r?\n");
        Matcher status = STATUS.matcher(lines.length > 0 ? lines[0] : "");
        if (!status.matches()) {
            throw new IOException("Not a spamd answer: " + (lines.length > 0 ? lines[0] : "(empty)"));
        }
        if (!status.group(1).equals("0")) {
            throw new IOException("spamd answered " + status.group(1) + " " + status.group(2));
        }
        Boolean spam = null;
        double score = 0;
        double threshold = 0;
        int i = 1;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            Matcher m = SPAM.matcher(lines[i]);
            if (m.find()) {
                spam = m.group(1).equalsIgnoreCase("true") || m.group(1).equalsIgnoreCase("yes");
                score = Double.parseDouble(m.group(2));
                threshold = Double.parseDouble(m.group(3));
            }
        }
        if (spam == null) {
            throw new IOException("spamd gave no Spam header");
        }
        List<RuleHit> rules = new ArrayList<>();
        boolean table = false;
        for (; i < lines.length; i++) {
            if (lines[i].startsWith("----")) {
                table = true;
                continue;
            }
            Matcher m = RULE.matcher(lines[i]);
            if (table && m.matches()) {
                rules.add(new RuleHit(m.group(2), Double.parseDouble(m.group(1)), m.group(3).strip()));
            }
        }
        return new Report(spam, score, threshold, rules);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
