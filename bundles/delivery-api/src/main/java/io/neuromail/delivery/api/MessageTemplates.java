package io.neuromail.delivery.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one template language of marketing messages (Liquid: {@code {{ first_name | default: "there" }}}),
 * used alike for checking a draft, its preview, its test send and the real send. Rendering is
 * sandboxed: a template reaches only the values it is given (maps, lists, strings, numbers, dates,
 * booleans), never Java objects, files, system properties or the environment; includes are refused;
 * loops, output size and template size are capped. Values are HTML-escaped in the HTML part and
 * flattened to one line in the subject and preheader. The delivery bundle provides this service.
 *
 * @since 1.3
 */
@ProviderType
public interface MessageTemplates {

    /** The value names every message may use besides the contact's own fields and attributes. */
    Set<String> STANDARD_NAMES = Set.of("email", "first_name", "last_name", "unsubscribe_url", "webview_url",
            "account_name", "postal_address");

    /** The largest template of one part, in characters. */
    int MAX_TEMPLATE_CHARS = 512 * 1024;

    /**
     * Checks the templates of {@code content}: syntax, and that every value they name is one of
     * {@code knownNames} (the standard names and the account's contact attributes).
     *
     * @return the problems found, in the order of the parts; empty when the content can be sent
     */
    List<Problem> check(Content content, Set<String> knownNames);

    /**
     * Renders {@code content} with {@code values} exactly as the real send would for one recipient,
     * unsubscribe footer included (the footer's link is {@code values.get("unsubscribe_url")}). Without
     * an {@code unsubscribe_url} value (absent or blank), as for a public web version that is nobody's
     * message, no footer is added.
     * Rendering time is capped; a template that runs too long is a {@link Problem}, thrown as an
     * {@link IllegalArgumentException} whose message names the part.
     */
    Content render(Content content, Map<String, Object> values);

    /**
     * The parts of a message as written or as rendered. Any part but the subject may be {@code null}.
     */
    record Content(String subject, String preheader, String html, String text) {
    }

    /**
     * A problem in one part of a template.
     *
     * @param part    {@code subject}, {@code preheader}, {@code html} or {@code text}
     * @param line    1-based line of the problem, 0 when unknown
     * @param column  1-based column of the problem, 0 when unknown
     * @param message what is wrong, in plain words
     */
    record Problem(String part, int line, int column, String message) {
    }
}
