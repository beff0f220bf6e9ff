package io.neuromail.filter.spamassassin.internal;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.FilterService;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;

/**
 * Asks a SpamAssassin {@code spamd} about the message as it will be sent and reports its rule hits
 * as findings. When spamd cannot be reached the filter says so in a finding and the other filters
 * carry on.
 */
@Component(service = ContentFilter.class, configurationPid = SpamAssassinFilter.PID)
@Designate(ocd = SpamAssassinFilter.Config.class)
@FilterService(name = "spamassassin", description = "SpamAssassin's verdict (spamd)", order = 700, timeout = 15000)
public class SpamAssassinFilter implements ContentFilter {

    static final String PID = "io.neuromail.filters.spamassassin";
    private static final Logger LOG = LoggerFactory.getLogger(SpamAssassinFilter.class);

    /** Configuration PID {@value #PID}. */
    @ObjectClassDefinition(name = "NeuroMail SpamAssassin filter", description = "Where spamd listens and how its scores count")
    public @interface Config {
        @AttributeDefinition(name = "spamd host")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "spamd port")
        int port() default 783;

        @AttributeDefinition(name = "Connect time-out (ms)")
        int connectTimeoutMillis() default 1000;

        @AttributeDefinition(name = "Answer time-out (ms)", description = "How long spamd may take to answer")
        int readTimeoutMillis() default 10000;

        @AttributeDefinition(name = "Score factor", description = "SpamAssassin's rule scores are multiplied by this before they add to NeuroMail's score")
        double scoreFactor() default 1.0;
    }

    private volatile Config config;
    private volatile SpamdClient client;

    @Activate
    @Modified
    void configure(Config c) {
        this.config = c;
        this.client = new SpamdClient(c.host(), c.port(), c.connectTimeoutMillis(), c.readTimeoutMillis());
    }

    @Override
    public List<Finding> check(Message message) {
        SpamdClient spamd = client;
        SpamdClient.Report report;
        try {
            report = spamd.report(Rfc822.render(message.email(), ZonedDateTime.now()));
        } catch (IOException e) {
            LOG.warn("spamd at {} cannot be reached: {}", spamd.address(), e.toString());
            return List.of(Finding.of("spamassassin.unreachable", 0,
                    "SpamAssassin (spamd at " + spamd.address() + ") could not be asked: " + e.getClass().getSimpleName(), Location.message()));
        }
        List<Finding> findings = new ArrayList<>();
        double factor = config.scoreFactor();
        for (SpamdClient.RuleHit hit : report.rules()) {
            String rule = "spamassassin." + hit.name();
            String text = "SpamAssassin " + hit.name() + ": " + hit.description();
            // SpamAssassin's scores say how spammy a message is: they may warn, never block. Only its
            // test string, GTUBE, is a certain verdict.
            findings.add("GTUBE".equals(hit.name())
                    ? Finding.block(rule, hit.score() * factor, text, Location.message())
                    : Finding.of(rule, hit.score() * factor, text, Location.message()));
        }
        if (report.spam()) {
            findings.add(Finding.warn("spamassassin.spam", 0, String.format(Locale.ROOT,
                    "SpamAssassin rates the message as spam (%.1f, threshold %.1f)", report.score(), report.threshold()), Location.message()));
        }
        return findings;
    }
}
