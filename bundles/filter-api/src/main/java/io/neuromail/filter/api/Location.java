package io.neuromail.filter.api;

import java.util.Objects;

/**
 * Where a finding is.
 *
 * @param part    the part of the message
 * @param match   the text that matched, as it appears in {@link Message#visibleText()}, the subject or
 *                a link ({@code null} when the finding is about the message as a whole)
 * @param excerpt a little surrounding text for display, or the link's address ({@code null} if none)
 */
public record Location(Part part, String match, String excerpt) {

    public Location {
        Objects.requireNonNull(part, "part");
    }

    /** The message as a whole. */
    public static Location message() {
        return new Location(Part.MESSAGE, null, null);
    }

    /** The subject, where {@code match} was found. */
    public static Location subject(String match) {
        return new Location(Part.SUBJECT, match, null);
    }

    /** A link, by its address. */
    public static Location link(String url) {
        return new Location(Part.LINK, url, url);
    }

    /** Text of the body, {@code match} within {@code excerpt}. */
    public static Location body(String match, String excerpt) {
        return new Location(Part.BODY, match, excerpt);
    }
}
