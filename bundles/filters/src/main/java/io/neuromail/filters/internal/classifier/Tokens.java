package io.neuromail.filters.internal.classifier;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Message;

/**
 * The tokens the classifier weighs for a message: a few about its make-up (prefixed {@value #SHAPE}:
 * which parts it has, how many images and links, in ranges, and whether its links go to the sender's
 * own domain), the sender's domain (prefixed {@value #FROM}), the distinct words of the subject
 * (prefixed {@value #SUBJECT}), of the visible text and of the plain-text part, and the domains the
 * links go to (prefixed {@value #HOST}). A word is a run of letters, digits and currency signs, 2 to
 * {@value #MAX_WORD} characters long, in lower case; numbers longer than four digits (order numbers,
 * telephone numbers) are left out. Reading stops after {@value #MAX_CHARS} characters of each part
 * and {@value #MAX_TOKENS} distinct tokens, so the cost of a message is bounded whatever its size.
 */
public final class Tokens {

    /** Prefix of a subject word. */
    public static final String SUBJECT = "s:";
    /** Prefix of a link's domain. */
    public static final String HOST = "h:";
    /** Prefix of the sender's domain (of the From address). */
    public static final String FROM = "f:";
    /** Prefix of a token about the message's make-up rather than its words. */
    public static final String SHAPE = "x:";
    /** The message has an HTML part and a plain-text part. */
    public static final String HTML_AND_TEXT = SHAPE + "html+text";
    /** The message has an HTML part only. */
    public static final String HTML_ONLY = SHAPE + "html";
    /** The message has a plain-text part only. */
    public static final String TEXT_ONLY = SHAPE + "text";
    /** Some link goes to the sender's own domain. */
    public static final String LINKS_TO_SENDER = SHAPE + "links-sender";
    /** The message has links, none of them to the sender's domain. */
    public static final String LINKS_ELSEWHERE = SHAPE + "links-elsewhere";
    /** Prefix of the range of the number of images ({@code x:img3}: 3 to 5). */
    public static final String IMAGES = SHAPE + "img";
    /** Prefix of the range of the number of links ({@code x:links16}: 16 to 40). */
    public static final String LINKS = SHAPE + "links";
    /** Lower bounds of the ranges of counts of images and links. */
    static final int[] RANGES = {0, 1, 3, 6, 16, 41};
    /** Characters read from each part at most. */
    public static final int MAX_CHARS = 100_000;
    /** Distinct tokens taken from one message at most. */
    public static final int MAX_TOKENS = 5_000;
    /** Longest word kept. */
    public static final int MAX_WORD = 24;
    private static final int MAX_LINKS = 500;

    private Tokens() {
    }

    /** The distinct tokens of a message, in the order first seen. */
    public static Set<String> of(Message message) {
        Set<String> tokens = new LinkedHashSet<>();
        shape(message, tokens);
        words(message.lowerSubject(), SUBJECT, tokens);
        words(message.lowerText(), "", tokens);
        if (message.hasHtml() && message.hasTextPart()) {
            String text = message.email().text();
            words(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text, "", tokens);
        }
        int links = 0;
        for (Link link : message.links()) {
            if (++links > MAX_LINKS || tokens.size() >= MAX_TOKENS) {
                break;
            }
            String domain = domain(link.host());
            if (!domain.isEmpty()) {
                tokens.add(HOST + domain);
            }
        }
        return tokens;
    }

    /** The tokens about the message's make-up and its sender's domain. */
    static void shape(Message message, Set<String> tokens) {
        tokens.add(message.hasHtml() ? message.hasTextPart() ? HTML_AND_TEXT : HTML_ONLY : TEXT_ONLY);
        tokens.add(IMAGES + range(message.images()));
        tokens.add(LINKS + range(message.links().size()));
        String sender = senderDomain(message.email().from());
        if (sender.isEmpty()) {
            return;
        }
        tokens.add(FROM + sender);
        if (!message.links().isEmpty()) {
            boolean toSender = false;
            int links = 0;
            for (Link link : message.links()) {
                if (++links > MAX_LINKS || toSender) {
                    break;
                }
                toSender = domain(link.host()).equals(sender);
            }
            tokens.add(toSender ? LINKS_TO_SENDER : LINKS_ELSEWHERE);
        }
    }

    /** The lower bound of the range {@code count} falls in. */
    static int range(int count) {
        int bound = 0;
        for (int r : RANGES) {
            if (count >= r) {
                bound = r;
            }
        }
        return bound;
    }

    /**
     * The domain (last two labels, lower case) of the address in a From header value such as
     * {@code "Shop <news@mail.shop.example>"}, or {@code ""} when it has none.
     */
    static String senderDomain(String from) {
        if (from == null) {
            return "";
        }
        int at = from.lastIndexOf('@', Math.min(from.length(), 1000) - 1);
        if (at < 0) {
            return "";
        }
        int end = at + 1;
        while (end < from.length() && end - at <= 253 && isHostChar(from.charAt(end))) {
            end++;
        }
        String host = from.substring(at + 1, end).toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.indexOf('.') < 0 ? "" : domain(host);
    }

    private static boolean isHostChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    /** Adds the words of {@code text} (lower-cased here if it is not yet), each with {@code prefix}. */
    static void words(String text, String prefix, Set<String> tokens) {
        int end = Math.min(text.length(), MAX_CHARS);
        int start = -1;
        for (int i = 0; i <= end && tokens.size() < MAX_TOKENS; i++) {
            boolean word = i < end && isWordChar(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                add(text, start, i, prefix, tokens);
                start = -1;
            }
        }
    }

    private static void add(String text, int start, int end, String prefix, Set<String> tokens) {
        int length = end - start;
        if (length < 2 || length > MAX_WORD) {
            return;
        }
        boolean digits = true;
        for (int i = start; i < end && digits; i++) {
            digits = Character.isDigit(text.charAt(i));
        }
        if (digits && length > 4) {
            return;
        }
        tokens.add(prefix + text.substring(start, end).toLowerCase(Locale.ROOT));
    }

    /** Whether {@code c} belongs to a word. */
    public static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || Character.getType(c) == Character.CURRENCY_SYMBOL;
    }

    /**
     * The last two labels of a host name ({@code mail.example.org} → {@code example.org}); an IP
     * address as is; {@code ""} for anything but letters, digits, dots, hyphens and underscores.
     */
    static String domain(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return "";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '-' && c != '_') {
                // not a host name (a space, an @ or a # of a malformed address): no token, and none that
                // the model file could not hold
                return "";
            }
        }
        int last = host.lastIndexOf('.');
        if (last < 0 || Character.isDigit(host.charAt(host.length() - 1))) {
            return host;
        }
        int before = host.lastIndexOf('.', last - 1);
        return before < 0 ? host : host.substring(before + 1);
    }
}
