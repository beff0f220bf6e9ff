package io.neuromail.filters.internal.rest;

import java.util.List;
import java.util.Map;

import io.neuromail.filter.api.ContentCheck.FilterInfo;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Verdict;

/** The JSON shapes of the content API. */
public final class Views {

    private Views() {
    }

    /** Body of {@code POST /content/check}: the message as it will be sent. */
    public record CheckRequest(String subject, String from, String replyTo, String html, String text,
                               Map<String, String> headers) {
    }

    /** One finding, labelled with its filter. */
    public record FindingView(String filter, String ruleId, double score, String severity, String kind, String message,
                              String part, String match, String excerpt) {
        static FindingView of(ReportedFinding f) {
            var finding = f.finding();
            return new FindingView(f.filter(), finding.ruleId(), finding.score(), finding.severity().name(),
                    finding.kind().name(), finding.message(), finding.location().part().name(), finding.location().match(),
                    finding.location().excerpt());
        }
    }

    /** A link as the filters saw it. */
    public record LinkView(String url, String host, String text) {
        static LinkView of(Link link) {
            return new LinkView(link.url(), link.host(), link.text());
        }
    }

    /** The message as the filters saw it, so a client can show findings in place. */
    public record MessageView(String subject, String visibleText, List<LinkView> links) {
    }

    /** The answer of {@code POST /content/check}. */
    public record VerdictView(String decision, double score, double warnThreshold, double blockThreshold,
                              List<String> filters, List<FindingView> findings, MessageView message) {
        static VerdictView of(Verdict v) {
            return new VerdictView(v.decision().name(), v.score(), v.warnThreshold(), v.blockThreshold(), v.filters(),
                    v.findings().stream().map(FindingView::of).toList(),
                    new MessageView(v.message().subject(), v.message().visibleText(),
                            v.message().links().stream().map(LinkView::of).toList()));
        }
    }

    /** A filter of the pipeline, and whether it runs for the caller's account. */
    public record FilterView(String name, String description, int order, int ranking, String bundle,
                             long timeoutMillis, boolean enabledByDefault, boolean enabled) {
        static FilterView of(FilterInfo info, boolean enabled) {
            return new FilterView(info.name(), info.description(), info.order(), info.ranking(), info.bundle(),
                    info.timeoutMillis(), info.enabledByDefault(), enabled);
        }
    }

    /** Body of {@code PUT /content/settings}. */
    public record SettingsRequest(Double warnThreshold, Double blockThreshold, Map<String, Boolean> filters) {
    }

    /** The operator's defaults. */
    public record DefaultsView(double warnThreshold, double blockThreshold, List<String> disabledFilters,
                               List<String> lockedFilters, double maxBlockThreshold) {
    }

    /** The answer of {@code GET/PUT /content/settings}. */
    public record SettingsView(Double warnThreshold, Double blockThreshold, Map<String, Boolean> filters,
                               double effectiveWarnThreshold, double effectiveBlockThreshold,
                               DefaultsView defaults, List<FilterView> available) {
    }
}
