package io.neuromail.filters.internal.classifier;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Message;

/**
 * The tokens the classifier weighs for a message: the distinct words of the subject (prefixed
 * {@value #SUBJECT}), of the visible text and of the plain-text part, and the domains the links go to
 * (prefixed {@value #HOST}). A word is a run of letters, digits and currency signs, 2 to
 * {@value #MAX_WORD} characters long, in lower case; numbers longer than four digits (order numbers,
 * telephone numbers) are left out. Reading stops after {@value #MAX_CHARS} characters of each part
 * and {@value #MAX_TOKENS} distinct tokens, so the cost of a message is bounded whatever its size.
 */
public final class Tokens {

    /** Prefix of a subject word. */
    public static final String SUBJECT = "s:";
    /** Prefix of a link's domain. */
    public static final String HOST = "h:";
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
     * address as is; {@code ""} when the host holds white space or a control character (a malformed
     * address such as {@code http://two words.example/}).
     */
    static String domain(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return "";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                // no host name, and no token that a model file could hold
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
