package io.neuromail.delivery.internal;

import java.util.List;
import java.util.Map;

/**
 * What every message of a send is built from: the template and who sends it.
 *
 * @param language     {@link #LIQUID} for marketing sends written in Liquid, {@code null} for the
 *                     {@code {{field}}} personalisation of other sends
 * @param preheader    the preview text template (Liquid sends), may be {@code null}
 * @param constants    values the same for every recipient (Liquid sends); never {@code null}
 * @param senderChoice the sender the send asked for, {@code null} for the account's
 * @param tracked      whether its HTML messages carry an open pixel and click links ({@link TrackedHtml})
 * @param links        the addresses of its tracked links, link 1 first; never {@code null}
 */
public record SendContent(String id, String accountId, String kind, String fromAddress, String fromName,
                          String replyTo, String subject, String text, String html, String language, String preheader,
                          Map<String, String> constants, String senderChoice, boolean tracked, List<String> links) {

    /** The template language of marketing sends made through {@link io.neuromail.delivery.api.MarketingSends}. */
    public static final String LIQUID = "liquid";

    public SendContent {
        constants = constants == null ? Map.of() : Map.copyOf(constants);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** A send without tracking. */
    public SendContent(String id, String accountId, String kind, String fromAddress, String fromName, String replyTo,
                       String subject, String text, String html, String language, String preheader,
                       Map<String, String> constants, String senderChoice) {
        this(id, accountId, kind, fromAddress, fromName, replyTo, subject, text, html, language, preheader, constants,
                senderChoice, false, List.of());
    }

    /** A send personalised with {@code {{field}}} placeholders, sent through the account's sender. */
    public SendContent(String id, String accountId, String kind, String fromAddress, String fromName, String replyTo,
                       String subject, String text, String html) {
        this(id, accountId, kind, fromAddress, fromName, replyTo, subject, text, html, null, null, Map.of(), null);
    }

    /** Whether its messages are rendered in Liquid with the contact's values read at hand-off. */
    public boolean liquid() {
        return LIQUID.equals(language);
    }

    /** Marketing messages (campaigns and their test sends) carry List-Unsubscribe and a visible unsubscribe link. */
    public boolean marketing() {
        return marketing(kind);
    }

    /** Whether sends of {@code kind} are marketing mail. */
    public static boolean marketing(String kind) {
        return SendKind.CAMPAIGN.equals(kind) || SendKind.TEST.equals(kind);
    }
}
