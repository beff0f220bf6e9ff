package io.neuromail.campaigns.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.contacts.api.segments.SegmentField;
import io.neuromail.delivery.api.MarketingSends;
import io.neuromail.tracking.api.Engagement;

/**
 * The segment field {@code activity}: what contacts did with the account's campaigns.
 * <pre>
 * {"field": "activity", "op": "opened" | "not_opened" | "clicked" | "not_clicked" | "was_sent" | "was_not_sent",
 *  "campaign": "&lt;campaign id&gt;",   (optional: that campaign; without it, any campaign)
 *  "days": 30}                     (optional: in the last 30 days; without it, ever)
 * </pre>
 * Opens and clicks are a person's: what machines did (link scanners, Apple Mail Privacy Protection)
 * does not count, as in the reports. "Sent" means a sender took the message. Delivery and tracking
 * write the SQL over their own tables; this field only resolves the campaign to its send.
 */
@Component(service = SegmentField.class, property = SegmentField.FIELD + "=" + ActivityField.NAME)
public class ActivityField implements SegmentField {

    static final String NAME = "activity";
    static final int MAX_DAYS = 3650;
    private static final String OPS = "opened, not_opened, clicked, not_clicked, was_sent, was_not_sent";
    private static final Set<String> ARGUMENTS = Set.of("campaign", "days");

    private final CampaignStore campaigns;
    private final Clock clock;

    /** What was sent; while delivery is not running, a condition on it says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MarketingSends sends;

    /** What people opened and clicked; while tracking is not running, a condition on it says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Engagement engagement;

    @Activate
    public ActivityField(@Reference CampaignsDatabase database) {
        this(new CampaignStore(database.jdbc()), Clock.systemUTC());
    }

    ActivityField(CampaignStore campaigns, Clock clock) {
        this.campaigns = campaigns;
        this.clock = clock;
    }

    @Override
    public SqlCondition compile(String accountId, String op, Map<String, String> arguments) {
        for (String name : arguments.keySet()) {
            if (!ARGUMENTS.contains(name)) {
                throw new InvalidCondition(name, "unknown property (allowed: field, op, campaign, days)");
            }
        }
        boolean negated = op.startsWith("not_") || op.equals("was_not_sent");
        String what = switch (op) {
            case "opened", "not_opened" -> "opened";
            case "clicked", "not_clicked" -> "clicked";
            case "was_sent", "was_not_sent" -> "sent";
            default -> throw new InvalidCondition("op", "unknown operator '" + op + "' (use " + OPS + ")");
        };
        List<String> sendIds = arguments.containsKey("campaign") ? List.of(sendOf(accountId, arguments.get("campaign")))
                : List.of();
        Instant since = arguments.containsKey("days") ? clock.instant().minus(Duration.ofDays(days(arguments.get("days"))))
                : null;
        SqlCondition condition;
        if (what.equals("sent")) {
            MarketingSends delivery = sends;
            if (delivery == null) {
                throw new InvalidCondition("op", "sending is not running on this server: try again in a moment");
            }
            condition = delivery.sentTo(accountId, sendIds, since);
        } else {
            Engagement tracking = engagement;
            if (tracking == null) {
                throw new InvalidCondition("op", "opens and clicks are not tracked on this server");
            }
            condition = tracking.engagedContact(accountId, what.equals("clicked"), sendIds, since);
        }
        return negated ? condition.not() : condition;
    }

    private String sendOf(String accountId, String campaignId) {
        Campaign campaign = campaigns.find(accountId, campaignId.strip())
                .orElseThrow(() -> new InvalidCondition("campaign", "no campaign with id '" + campaignId + "'"));
        if (campaign.sendId() == null) {
            throw new InvalidCondition("campaign", "the campaign '" + campaign.name() + "' has not been sent yet");
        }
        return campaign.sendId();
    }

    private static long days(String text) {
        long days;
        try {
            days = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidCondition("days", "'" + text + "' is not a whole number of days");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidCondition("days", "must be 1 to " + MAX_DAYS);
        }
        return days;
    }
}
