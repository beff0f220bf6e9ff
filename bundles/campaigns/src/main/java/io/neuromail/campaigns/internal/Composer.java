package io.neuromail.campaigns.internal;

import java.util.List;

import io.neuromail.api.rest.ApiException;
import io.neuromail.campaigns.internal.content.BuiltInTemplates;
import io.neuromail.campaigns.internal.content.CssInliner;
import io.neuromail.campaigns.internal.content.HtmlSanitiser;
import io.neuromail.campaigns.internal.content.HtmlToText;

/**
 * What campaigns do to HTML a marketer wrote: sanitising on save, the text part generated from the
 * HTML, CSS inlining at send time, and the built-in templates.
 */
public class Composer {

    /** The largest HTML or text body of a campaign, in characters. */
    public static final int MAX_BODY_CHARS = HtmlSanitiser.MAX_LENGTH;

    /** Sanitised HTML and what sanitising removed, in plain words. */
    public record Sanitised(String html, List<String> notes) {
    }

    private final HtmlSanitiser sanitiser = new HtmlSanitiser();
    private final HtmlToText toText = new HtmlToText();
    private final CssInliner inliner = new CssInliner();
    private final BuiltInTemplates builtIns = new BuiltInTemplates();

    public Sanitised sanitise(String html) {
        HtmlSanitiser.Result r;
        try {
            r = sanitiser.sanitise(html);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("html", e.getMessage());
        }
        return new Sanitised(r.html(), r.notes());
    }

    public String textOf(String html) {
        return toText.toText(html);
    }

    public String inline(String html) {
        return inliner.inline(html);
    }

    public List<BuiltInTemplates.Template> builtIns() {
        return builtIns.list();
    }
}
