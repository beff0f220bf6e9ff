package io.neuromail.delivery.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every marketing message shows its recipient how to unsubscribe. A body that places the link itself
 * with the {@code {{unsubscribe_url}}} merge tag is left as it is; any other body gets a short footer
 * with the link. The result is kept per body (a send's body is one string for all its rows).
 */
final class UnsubscribeFooter {

    private static final Pattern TAG = Pattern.compile("\\{\\{\\s*" + MessageBuilder.UNSUBSCRIBE_TAG + "\\s*}}");
    private static final String TEXT = "\r\n\r\n--\r\nTo stop receiving these emails, unsubscribe: {{"
            + MessageBuilder.UNSUBSCRIBE_TAG + "}}\r\n";
    private static final String HTML = "<p style=\"margin:24px 0 0;font-size:12px;color:#6b7280;text-align:center\">"
            + "To stop receiving these emails, <a href=\"{{" + MessageBuilder.UNSUBSCRIBE_TAG
            + "}}\" style=\"color:#6b7280\">unsubscribe</a>.</p>";
    private static final int CACHED = 64;
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();
    private static final Map<String, String> HTMLS = new ConcurrentHashMap<>();

    private UnsubscribeFooter() {
    }

    /** The text body with the link: as it is when it has the tag, else with the footer at its end. */
    static String text(String body) {
        return body == null ? null : cached(TEXTS, body, b -> TAG.matcher(b).find() ? b : b + TEXT);
    }

    /** The HTML body with the link: as it is when it has the tag, else with the footer before {@code </body>}. */
    static String html(String body) {
        return body == null ? null : cached(HTMLS, body, b -> {
            if (TAG.matcher(b).find()) {
                return b;
            }
            int end = b.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
            return end < 0 ? b + HTML : b.substring(0, end) + HTML + b.substring(end);
        });
    }

    /** A body as the content filters should see it: with its unsubscribe link (or footer) at {@code url}. */
    static String preview(String body, boolean html, String url) {
        if (body == null) {
            return null;
        }
        return TAG.matcher(html ? html(body) : text(body)).replaceAll(java.util.regex.Matcher.quoteReplacement(url));
    }

    private static String cached(Map<String, String> cache, String body, java.util.function.UnaryOperator<String> make) {
        String done = cache.get(body);
        if (done == null) {
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            done = make.apply(body);
            cache.put(body, done);
        }
        return done;
    }
}
