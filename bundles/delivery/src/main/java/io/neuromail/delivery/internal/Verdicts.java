package io.neuromail.delivery.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.delivery.internal.Views.FindingView;
import io.neuromail.delivery.internal.Views.VerdictView;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Verdict;

/** The content filters' verdict as delivery stores it with a send and shows it. */
final class Verdicts {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most findings kept with a send; a verdict rarely has more, and the rest add nothing to read. */
    private static final int MAX_FINDINGS = 50;

    private Verdicts() {
    }

    static VerdictView view(Verdict verdict, boolean acknowledged) {
        List<FindingView> findings = new ArrayList<>();
        for (ReportedFinding f : verdict.findings()) {
            if (findings.size() == MAX_FINDINGS) {
                break;
            }
            findings.add(new FindingView(f.filter(), f.finding().severity().name(), f.finding().score(),
                    f.finding().ruleId(), f.finding().message()));
        }
        return new VerdictView(verdict.decision().name(), verdict.score(), acknowledged, findings);
    }

    static String write(VerdictView view) {
        try {
            return JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verdict cannot be written as JSON", e);
        }
    }

    /** The stored verdict, or null for sends made before verdicts were stored and for system mail. */
    static VerdictView read(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, VerdictView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored verdict is not readable", e);
        }
    }
}
