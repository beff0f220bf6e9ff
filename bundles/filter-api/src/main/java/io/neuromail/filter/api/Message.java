package io.neuromail.filter.api;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A message as the filters see it: the {@link Email} as composed, and what a reader of it would see,
 * worked out once per check by the pipeline (HTML parsed, entities and transfer encodings decoded,
 * Unicode normalised, invisible characters removed).
 * <p>
 * Match text against {@link #lowerText()} and {@link #lowerSubject()}: they have the same length and
 * character positions as {@link #visibleText()} and {@link #subject()}, lower-cased, so a match can be
 * shown in the original text.
 */
public final class Message {

    private final Email email;
    private final String subject;
    private final String lowerSubject;
    private final String visibleText;
    private final String lowerText;
    private final String hiddenText;
    private final List<Link> links;
    private final List<Form> forms;
    private final int images;

    /**
     * @param email       the message as composed
     * @param visibleText the text a reader sees: of the HTML part, or of the text part when there is no HTML
     * @param hiddenText  text present in the HTML but hidden from the reader (zero-size, invisible, same colour)
     * @param links       every link, in document order
     * @param forms       every form
     * @param images      how many images the HTML shows
     */
    public Message(Email email, String visibleText, String hiddenText, List<Link> links, List<Form> forms, int images) {
        this.email = Objects.requireNonNull(email, "email");
        this.subject = normalize(email.subject());
        this.lowerSubject = lower(subject);
        this.visibleText = normalize(visibleText);
        this.lowerText = lower(this.visibleText);
        this.hiddenText = normalize(hiddenText);
        this.links = List.copyOf(links);
        this.forms = List.copyOf(forms);
        this.images = images;
    }

    /** The message as composed. */
    public Email email() {
        return email;
    }

    /** The subject, normalised like the text. */
    public String subject() {
        return subject;
    }

    /** {@link #subject()} in lower case, same length. */
    public String lowerSubject() {
        return lowerSubject;
    }

    /** What a reader sees, normalised (see {@link #normalize(String)}). */
    public String visibleText() {
        return visibleText;
    }

    /** {@link #visibleText()} in lower case, same length: the text to match rules against. */
    public String lowerText() {
        return lowerText;
    }

    /** Text in the HTML that a reader does not see, normalised; {@code ""} when there is none. */
    public String hiddenText() {
        return hiddenText;
    }

    /** Every link, in document order. */
    public List<Link> links() {
        return links;
    }

    /** Every form in the HTML. */
    public List<Form> forms() {
        return forms;
    }

    /** How many images the HTML shows. */
    public int images() {
        return images;
    }

    /** Whether the message has an HTML part. */
    public boolean hasHtml() {
        return email.html() != null && !email.html().isBlank();
    }

    /** Whether the message has a plain-text part. */
    public boolean hasTextPart() {
        return email.text() != null && !email.text().isBlank();
    }

    /**
     * A little of the visible text around {@code [start, end)}, for display.
     *
     * @param start start of the match in {@link #visibleText()}
     * @param end   end of the match
     */
    public String excerpt(int start, int end) {
        int from = Math.max(0, start - 40);
        int to = Math.min(visibleText.length(), end + 40);
        return (from > 0 ? "…" : "") + visibleText.substring(from, to).strip() + (to < visibleText.length() ? "…" : "");
    }

    /**
     * Normalises text the way every rule expects it: Unicode NFKC (so full-width and styled letters
     * become plain ones), invisible format characters such as zero-width spaces and soft hyphens
     * removed, and runs of white space collapsed to one space.
     */
    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String nfkc = Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        boolean space = true;
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
                continue;
            }
            out.append(c);
            space = false;
        }
        int length = out.length();
        if (length > 0 && out.charAt(length - 1) == ' ') {
            out.setLength(length - 1);
        }
        return out.toString();
    }

    /** Lower case that keeps every character in place (characters whose lower case is longer stay as they are). */
    private static String lower(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() == text.length()) {
            return lower;
        }
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }
}
