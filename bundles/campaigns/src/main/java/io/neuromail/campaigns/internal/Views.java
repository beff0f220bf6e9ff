package io.neuromail.campaigns.internal;

import java.time.Instant;
import java.util.List;

import io.neuromail.delivery.api.MessageTemplates;

/** What the API answers. */
public final class Views {

    private Views() {
    }

    /**
     * A campaign in full. {@code tracking} is the campaign's own switch; its sends track opens and
     * clicks only when the account's {@link SettingsView#trackingEnabled()} is on too.
     */
    public record CampaignView(String id, String name, String status, String statusReason, String subject,
                               String preheader, String from, String fromName, String replyTo, String html, String text,
                               boolean textFromHtml, List<String> tags, String senderName, boolean inlineCss,
                               Audience audience, ScheduleView schedule, WebviewView webview, boolean archive,
                               boolean tracking, String sendId, ProgressView progress, int version, Instant createdAt,
                               Instant updatedAt, Instant startedAt, Instant sentAt,
                               List<MessageTemplates.Problem> problems, List<String> sanitiserNotes) {
    }

    /** A campaign in a list. */
    public record CampaignSummary(String id, String name, String status, String statusReason, String subject,
                                  List<String> tags, Instant scheduledAt, Instant startedAt, Instant sentAt,
                                  Instant updatedAt, ProgressView progress) {
    }

    /**
     * When a scheduled campaign starts.
     *
     * @param at       the instant
     * @param timeZone the zone the marketer chose
     * @param local    the date and time in that zone, e.g. {@code 2026-12-03T09:00}
     */
    public record ScheduleView(Instant at, String timeZone, String local) {
    }

    /** The public web version: whether it is on and its address. */
    public record WebviewView(boolean enabled, String url) {
    }

    /**
     * How far the send has come.
     *
     * @param etaSeconds  seconds until the queue is empty at the last minute's rate, or {@code null}
     * @param delivered   messages sent that did not bounce
     * @param bounces     permanent bounces the provider reported
     * @param softBounces transient bounces the provider reported
     * @param complaints  recipients who marked the message as spam, as the provider reported
     */
    public record ProgressView(String state, String stateReason, long total, long sent, long failed, long suppressed,
                               long queued, long uncertain, long perMinute, Long etaSeconds, long delivered,
                               long bounces, long softBounces, long complaints) {
    }

    /**
     * A campaign's report.
     *
     * @param tracked  whether its opens and clicks were tracked
     * @param delivery what delivery did with its messages, {@code null} before it started
     * @param rates    of people only: unique human opens and clicks over the messages sent, and
     *                 clicks over opens (click-to-open); {@code null} where there is nothing to divide by
     * @param unsubscribes messages whose unsubscribe link was used
     * @param timeline opens, clicks and unsubscribes per hour for the first 48 hours, then per day
     */
    public record ReportView(String id, String name, String subject, String status, Instant startedAt, Instant sentAt,
                             boolean tracked, ProgressView delivery, Engagement opens, Engagement clicks, Rates rates,
                             List<LinkReport> links, long unsubscribes, Timeline.View timeline) {
    }

    /**
     * One campaign in the comparison of the latest ones: what delivery did, what people did, and the rates.
     *
     * @param opens  messages a person opened (unique human opens)
     * @param clicks messages a person clicked in (unique human clicks)
     */
    public record ComparedCampaign(String id, String name, String status, Instant startedAt, Instant sentAt,
                                   boolean tracked, long sent, long delivered, long opens, long clicks, long unsubscribes,
                                   long bounces, long complaints, Rates rates) {
    }

    /**
     * A campaign a contact was sent, and what the contact did with it.
     *
     * @param state     what became of the message: {@code sent}, {@code queued}, {@code failed},
     *                  {@code suppressed} (skipped), {@code uncertain}
     * @param at        when that last changed
     * @param opened    when the contact first opened it (a person, not a machine), or {@code null}
     * @param clicked   when the contact first clicked in it, or {@code null}
     */
    public record ContactCampaign(String campaignId, String name, String subject, String state, Instant at,
                                  Instant opened, Instant clicked) {
    }

    /**
     * A campaign's figures by the email domain of its recipients.
     *
     * @param domains the domains with the most recipients, most first
     * @param other   every other domain together, {@code null} when there is none
     */
    public record DomainsReport(List<DomainReport> domains, DomainReport other) {
    }

    /**
     * What became of a campaign's messages to one email domain (or to the other domains together).
     *
     * @param domain     the domain, lower case ({@code null} for the other domains together)
     * @param opened     messages a person opened (unique human opens)
     * @param clicked    messages a person clicked in (unique human clicks)
     * @param openRate   opened over sent; {@code null} when nothing was sent
     * @param clickRate  clicked over sent
     * @param bounceRate bounces (permanent and transient) over sent
     */
    public record DomainReport(String domain, long recipients, long sent, long bounces, long softBounces,
                               long complaints, long opened, long clicked, Double openRate, Double clickRate,
                               Double bounceRate) {
    }

    /** Opens or clicks: every hit, messages with at least one, those of people, and those of machines. */
    public record Engagement(long total, long unique, long human, long uniqueHuman, long machine) {
    }

    /**
     * Rates as fractions (0.25 is 25 %): opens and clicks of people, unsubscribes, bounces and complaints
     * over the messages sent; click-to-open over the messages a person opened.
     */
    public record Rates(Double open, Double click, Double clickToOpen, Double unsubscribe, Double bounce,
                        Double complaint) {
    }

    /** One tracked link of a campaign and its clicks. */
    public record LinkReport(int link, String url, long clicks, long uniqueClicks, long humanClicks) {
    }

    /** The number of recipients an audience has now. */
    public record AudienceCount(long recipients) {
    }

    /** A rendered campaign. */
    public record PreviewView(String subject, String preheader, String html, String text,
                              List<MessageTemplates.Problem> problems) {
    }

    /** A test send that was queued. */
    public record TestView(String sendId, long recipients) {
    }

    /** A merge tag the editor offers. */
    public record MergeTag(String name, String label, String example) {
    }

    /** The campaign settings of an account. */
    public record SettingsView(String organisationName, String postalAddress, boolean archiveEnabled, String archiveUrl,
                               boolean trackingEnabled) {
    }

    /** A template to start a campaign from. */
    public record TemplateView(String id, String name, String description, boolean builtIn, String subject) {
    }

    /**
     * An A/B test: {@code ready} (not started), {@code testing} (variants sent, no winner yet) or
     * {@code decided}; the winner by letter; each variant's changes and, once started, its figures.
     */
    public record AbTestView(String state, int testShare, String winnerBy, int waitHours, Instant decideAt, String winner,
                             String decidedBy, Instant decidedAt, List<VariantView> variants) {
    }

    public record VariantView(String variant, String subject, String fromName, String html, VariantResult results,
                              boolean winner) {
    }

    /**
     * A variant's send (its state as delivery reports it: {@code running}, {@code finished}, ...) and
     * what people did with its messages: people who opened and clicked (machines left out), and their
     * rates over the messages sent ({@code null} while none is sent).
     */
    public record VariantResult(String sendId, String state, long sent, long uniqueHumanOpens, long uniqueHumanClicks, Double openRate,
                                Double clickRate) {
    }
}
