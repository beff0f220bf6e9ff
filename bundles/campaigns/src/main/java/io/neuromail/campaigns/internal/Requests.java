package io.neuromail.campaigns.internal;

import java.util.List;

/** What the API takes. */
public final class Requests {

    private Requests() {
    }

    /** A new campaign, blank or from a template ({@code builtin:<id>} or an account template's id). */
    public record NewCampaign(String name, String templateId) {
    }

    /**
     * The full editable state of a campaign, as the editor saves it. A {@code null} switch
     * ({@code textFromHtml}, {@code inlineCss}, {@code webview}, {@code archive}, {@code tracking})
     * keeps the stored value.
     */
    public record CampaignBody(String name, String subject, String preheader, String from, String fromName,
                               String replyTo, String html, String text, Boolean textFromHtml, List<String> tags,
                               String senderName, Boolean inlineCss, Audience audience, WebviewBody webview,
                               Boolean archive, Boolean tracking, Integer version) {
    }

    /** Whether the public web version is on. */
    public record WebviewBody(Boolean enabled) {
    }

    /** A schedule: a local date and time in a time zone. */
    public record ScheduleBody(String at, String timeZone, Boolean acknowledgeWarnings) {
    }

    /** Send now or resume: whether the caller accepts a warning of the content filters. */
    public record ActionBody(Boolean acknowledgeWarnings) {
    }

    /** A test send. */
    public record TestBody(List<String> emails, String contactId, Boolean acknowledgeWarnings) {
    }

    /** A preview as a contact (or with the fallbacks only). */
    public record PreviewBody(String contactId) {
    }

    /** Save a campaign as a template. */
    public record TemplateBody(String name, String campaignId) {
    }

    /** Campaign settings of an account; {@code trackingEnabled} {@code null} keeps the stored choice. */
    public record SettingsBody(String organisationName, String postalAddress, Boolean archiveEnabled,
                               Boolean trackingEnabled) {
    }

    /**
     * An A/B test: 2 to 4 variants (the first is usually the campaign as written: all fields null),
     * the percentage of the audience that tests them (default 20), how the winner is chosen
     * ({@code opens}, the default, {@code clicks} or {@code hand}) and after how many hours (default 4).
     */
    public record AbTestBody(List<VariantBody> variants, Integer testShare, String winnerBy, Integer waitHours) {
    }

    /** What a variant changes: the subject, the From name and/or the HTML; {@code null}: as the campaign. */
    public record VariantBody(String subject, String fromName, String html) {
    }

    /** The winner of an A/B test chosen by hand: its letter. */
    public record WinnerBody(String variant) {
    }
}
