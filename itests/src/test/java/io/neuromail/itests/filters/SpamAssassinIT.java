package io.neuromail.itests.filters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Settings;

/**
 * The optional SpamAssassin filter against the real spamd that the build starts on 127.0.0.1:
 * installed as an operator would (the feature shipped in the distribution), it adds spamd's rule hits to checks;
 * when spamd cannot be reached, it says so and the other filters carry on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SpamAssassinIT extends NeuroMailTestSupport {

    private static final Duration LIVE = Duration.ofSeconds(60);
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    @Inject
    private FeaturesService features;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private void configure(int port) throws Exception {
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.filters.spamassassin", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("host", "127.0.0.1");
        props.put("port", String.valueOf(port));
        props.put("connectTimeoutMillis", "1000");
        config.update(props);
    }

    private static List<String> rules(JsonNode verdict) {
        List<String> rules = new ArrayList<>();
        verdict.get("findings").forEach(f -> rules.add(f.get("filter").asText() + ":" + f.get("ruleId").asText()));
        return rules;
    }

    @Test
    public void spamdsVerdictJoinsTheCheckAndItsAbsenceIsReported() throws Exception {
        int port = Integer.parseInt(Settings.required("neuromail.itest.spamd.port"));
        Api api = Api.signedUp();
        // Without a refresh of other bundles: a refresh pending from earlier tests of the suite would
        // otherwise restart Configuration Admin (and the probe) under the running test.
        features.installFeature("neuromail-filter-spamassassin", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        try {
            configure(port);
            Map<String, Object> gtube = Messages.check("Test message", "<p>" + GTUBE + "</p>" + Messages.UNSUBSCRIBE);
            JsonNode verdict = Poll.until("spamd's GTUBE hit", LIVE, () -> api.post("/api/v1/content/check", gtube).expect(200).json(),
                    v -> rules(v).contains("spamassassin:spamassassin.GTUBE"));
            assertEquals("BLOCK", verdict.get("decision").asText());
            assertTrue(rules(verdict).contains("spamassassin:spamassassin.spam"));

            JsonNode clean = api.post("/api/v1/content/check", Messages.newsletter()).expect(200).json();
            assertTrue(clean.get("filters").toString(), clean.get("filters").toString().contains("spamassassin"));
            assertTrue(clean.toString(), !rules(clean).contains("spamassassin:spamassassin.spam"));

            configure(1);
            JsonNode unreachable = Poll.until("spamd to be reported unreachable", LIVE,
                    () -> api.post("/api/v1/content/check", Messages.phishing()).expect(200).json(),
                    v -> rules(v).contains("spamassassin:spamassassin.unreachable"));
            assertEquals("BLOCK", unreachable.get("decision").asText());
            assertTrue(rules(unreachable).contains("links:links.blocklisted"));
        } finally {
            features.uninstallFeature("neuromail-filter-spamassassin", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            configurationAdmin.getConfiguration("io.neuromail.filters.spamassassin", "?").delete();
        }
        Poll.until("the SpamAssassin filter to leave", LIVE,
                () -> !api.post("/api/v1/content/check", Messages.newsletter()).expect(200).json().get("filters").toString().contains("spamassassin"));
    }
}
