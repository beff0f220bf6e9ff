package io.neuromail.tracking.internal;

import io.neuromail.delivery.api.Unsubscribes;

/**
 * The HTML of the unsubscribe pages (and of the tracking addresses' error pages). Every value is escaped; there is no script, no inline style and
 * nothing from another origin, so the pages work under {@link #CSP} (and under the stricter-nowhere,
 * broader policy of the rest of the server).
 */
final class Pages {

    /** The pages' stylesheet, served by this bundle. */
    static final String CSS_PATH = Unsubscribes.PATH + "/assets/unsubscribe.css";

    /** No script at all; styles and form posts to this origin only. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private Pages() {
    }

    /** Asks to confirm. The form posts back to the page's own address. */
    static String confirm(String sender, String recipient) {
        return page("confirm", "Unsubscribe",
                "<p class=\"lead\">Stop receiving emails from " + strong("unsubscribe-from", sender) + " at "
                        + strong("unsubscribe-recipient", recipient) + "?</p>"
                        + form("unsubscribe", "unsubscribe-confirm", "btn btn-primary", "Unsubscribe")
                        + "<p class=\"muted\">Nothing changes until you press the button.</p>");
    }

    static String unsubscribed(String sender, String recipient, int undoDays) {
        return page("done", "You are unsubscribed",
                "<p class=\"lead\">" + strong("unsubscribe-from", sender) + " will send no more marketing emails to "
                        + strong("unsubscribe-recipient", recipient) + ".</p>"
                        + "<p class=\"muted\">Did you press it by mistake? You can undo this for " + undoDays
                        + (undoDays == 1 ? " day" : " days") + " from this page.</p>"
                        + form("undo", "unsubscribe-undo", "btn btn-secondary", "Undo: subscribe me again"));
    }

    static String resubscribed(String sender, String recipient) {
        return page("resubscribed", "You are subscribed again",
                "<p class=\"lead\">" + strong("unsubscribe-recipient", recipient) + " receives emails from "
                        + strong("unsubscribe-from", sender) + " again.</p>"
                        + form("unsubscribe", "unsubscribe-confirm", "btn btn-secondary", "Unsubscribe after all"));
    }

    static String notUndone(String sender) {
        return page("not-undone", "This can no longer be undone",
                "<p class=\"lead\">The unsubscribe is older than the undo period, or the address's status changed "
                        + "since. To receive emails from " + strong("unsubscribe-from", sender)
                        + " again, ask them to add you back.</p>");
    }

    static String notFound() {
        return page("invalid", "This link does not work",
                "<p class=\"lead\">The unsubscribe link is incomplete or not valid. Open it again from the email, "
                        + "or use the complete address the email shows.</p>");
    }

    /** A tracked link (or open pixel) whose token delivery does not resolve. */
    static String linkNotFound() {
        return page("invalid", "This link does not work",
                "<p class=\"lead\">The link is incomplete or not valid. Open it again from the email, "
                        + "or copy the complete address the email shows.</p>");
    }

    static String tooManyRequests(long retryAfterSeconds) {
        return page("limited", "Too many requests",
                "<p class=\"lead\">Please try again in " + retryAfterSeconds
                        + (retryAfterSeconds == 1 ? " second" : " seconds") + ".</p>");
    }

    static String problem(String state, String title, String message) {
        return page(state, escape(title), "<p class=\"lead\">" + escape(message) + "</p>");
    }

    private static String page(String state, String title, String content) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
                + "<title>" + title + " · NeuroMail</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + CSS_PATH + "\">\n</head>\n<body>\n"
                + "<main class=\"card\" id=\"unsubscribe-page\" data-testid=\"unsubscribe-page\" data-state=\"" + state
                + "\">\n<h1 id=\"unsubscribe-title\">" + title + "</h1>\n" + content + "\n</main>\n</body>\n</html>\n";
    }

    private static String strong(String id, String text) {
        return "<strong id=\"" + id + "\" data-testid=\"" + id + "\">" + escape(text) + "</strong>";
    }

    /** A form that posts {@code action} to the page's own address (no action attribute: the same URL). */
    private static String form(String action, String id, String classes, String label) {
        return "<form method=\"post\" id=\"" + id + "-form\">"
                + "<input type=\"hidden\" name=\"action\" value=\"" + action + "\">"
                + "<button type=\"submit\" class=\"" + classes + "\" id=\"" + id + "\" data-testid=\"" + id + "\">"
                + escape(label) + "</button></form>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(ch) ? ' ' : ch);
            }
        }
        return out.toString();
    }

    /** "Name <address>", or the address alone. */
    static String sender(Unsubscribes.Target target) {
        String name = target.fromName() == null ? "" : target.fromName().strip();
        return name.isEmpty() ? target.fromAddress() : name + " <" + target.fromAddress() + ">";
    }

    /**
     * The recipient's address with most of its local part hidden ({@code an***@example.com}): enough
     * for its owner to recognise it, not enough to harvest it from a forwarded link.
     */
    static String masked(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        String local = address.substring(0, at);
        int keep = local.length() <= 3 ? 1 : 2;
        return local.substring(0, keep) + "***" + address.substring(at);
    }
}
