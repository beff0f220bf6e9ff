package io.neuromail.campaigns.internal.content;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Liquid merge tags ({@code {{ first_name | default: "there" }}}, {@code {% if %}}) hidden behind
 * plain alphanumeric placeholders while HTML passes through a sanitiser or parser that would escape
 * or drop them, and put back afterwards.
 *
 * <p>A tag is {@code {{ ... }}} or {@code {% ... %}} of at most {@link #MAX_TAG_LENGTH} characters.
 * A tag whose text contains {@code <} followed by anything but whitespace or {@code =} is not
 * treated as a tag (it could open an HTML element once put back); the sanitiser sees it as text.
 */
final class MergeTags {

    /** Longest tag recognised, braces included. */
    static final int MAX_TAG_LENGTH = 1_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final List<String> tags = new ArrayList<>();

    private MergeTags(String prefix) {
        this.prefix = prefix;
    }

    /** The input with every merge tag replaced by a placeholder, and the tags to put back. */
    static Protected protect(String html) {
        String prefix;
        do {
            byte[] nonce = new byte[5];
            RANDOM.nextBytes(nonce);
            prefix = "nmtag" + HexFormat.of().formatHex(nonce) + "n";
        } while (html.contains(prefix));
        MergeTags tags = new MergeTags(prefix);
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '{' && i + 1 < n && (html.charAt(i + 1) == '{' || html.charAt(i + 1) == '%')) {
                int end = tagEnd(html, i);
                if (end > 0) {
                    out.append(tags.placeholder(html.substring(i, end)));
                    i = end;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return new Protected(out.toString(), tags);
    }

    /** The index just past the tag starting at {@code start}, or -1 when none starts there. */
    private static int tagEnd(String html, int start) {
        char close = html.charAt(start + 1) == '{' ? '}' : '%';
        int limit = Math.min(html.length(), start + MAX_TAG_LENGTH);
        for (int j = start + 2; j + 1 < limit; j++) {
            char c = html.charAt(j);
            if (c == close && html.charAt(j + 1) == '}') {
                return j + 2;
            }
            if (c == '<') {
                char next = html.charAt(j + 1);
                if (!Character.isWhitespace(next) && next != '=') {
                    return -1;
                }
            }
            if (c == '{' && (html.charAt(j + 1) == '{' || html.charAt(j + 1) == '%')) {
                return -1;
            }
        }
        return -1;
    }

    private String placeholder(String tag) {
        tags.add(tag);
        return prefix + (tags.size() - 1) + "x";
    }

    /** How many tags were hidden. */
    int size() {
        return tags.size();
    }

    /**
     * Puts the tags back into plain text (no HTML context): a placeholder becomes its tag verbatim.
     * {@code seen}, when given, is marked at the index of each tag put back.
     */
    String restorePlain(String text, boolean[] seen) {
        return restore(text, seen, false);
    }

    /**
     * Puts the tags back into HTML written by the sanitiser (attributes always double-quoted). Inside
     * an attribute value a tag's double quotes become single quotes (Liquid accepts both), or
     * {@code &#34;} when the tag holds both kinds, so the attribute stays closed. {@code seen}, when
     * given, is marked at the index of each tag put back.
     */
    String restoreHtml(String html, boolean[] seen) {
        return restore(html, seen, true);
    }

    private String restore(String text, boolean[] seen, boolean html) {
        if (tags.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        boolean inTag = false;
        boolean inValue = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.startsWith(prefix, i)) {
                int digits = i + prefix.length();
                int j = digits;
                while (j < n && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                if (j > digits && j < n && text.charAt(j) == 'x' && j - digits < 10) {
                    int index = Integer.parseInt(text.substring(digits, j));
                    if (index < tags.size()) {
                        String tag = tags.get(index);
                        if (seen != null) {
                            seen[index] = true;
                        }
                        out.append(html && inValue ? forAttribute(tag) : tag);
                        i = j + 1;
                        continue;
                    }
                }
            }
            char c = text.charAt(i);
            if (html) {
                if (!inTag && c == '<') {
                    inTag = true;
                } else if (inTag && !inValue && c == '>') {
                    inTag = false;
                } else if (inTag && c == '"') {
                    inValue = !inValue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String forAttribute(String tag) {
        if (tag.indexOf('"') < 0) {
            return tag;
        }
        if (tag.indexOf('\'') < 0) {
            return tag.replace('"', '\'');
        }
        return tag.replace("\"", "&#34;");
    }

    /** Tag text by index. */
    String tag(int index) {
        return tags.get(index);
    }

    /** The protected text and its tags. */
    record Protected(String text, MergeTags tags) {
    }
}
