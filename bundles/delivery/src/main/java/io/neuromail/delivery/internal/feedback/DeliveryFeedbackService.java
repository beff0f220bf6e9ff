package io.neuromail.delivery.internal.feedback;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.rest.LogSafe;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.ContactStatusService;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.delivery.api.DeliveryFeedback;
import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.delivery.internal.DeliveryConfig;
import io.neuromail.delivery.internal.DeliveryService;

/**
 * The {@link DeliveryFeedback} service: what sender bundles learn from their providers goes onto the
 * ledger, and hard bounces and complaints onto the account's suppression list through the address
 * book (which records the contact's status change in its history and the account's activity log).
 */
@Component(service = DeliveryFeedback.class, configurationPid = DeliveryConfig.PID)
public class DeliveryFeedbackService implements DeliveryFeedback {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFeedbackService.class);

    private final FeedbackLedger ledger;
    private final Clock clock = Clock.systemUTC();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContactStatusService contacts;

    @Activate
    public DeliveryFeedbackService(@Reference DeliveryService delivery, DeliveryConfig config) {
        this.ledger = new FeedbackLedger(delivery.jdbc(), new FeedbackLedger.Thresholds(
                config.autoPause_bounceRatePercent(), config.autoPause_complaintRatePercent(),
                config.autoPause_minimumSent()));
    }

    @Override
    public Outcome report(ProviderFeedback feedback) {
        Optional<FeedbackLedger.Row> found = ledger.row(feedback);
        if (found.isEmpty()) {
            return Outcome.UNKNOWN_MESSAGE;
        }
        FeedbackLedger.Row row = found.get();
        if (feedback.recipient() != null && !sameAddress(feedback.recipient(), row.recipient())) {
            LOG.warn("Feedback about message {} names {}, not its recipient: ignored", LogSafe.of(row.deliveryId()),
                    LogSafe.of(feedback.recipient()));
            return Outcome.RECIPIENT_MISMATCH;
        }
        ledger.record(row, feedback, clock.millis());
        if (feedback.suppresses()) {
            ContactStatusService c = contacts;
            if (c == null) {
                // The report stays on the ledger, so a resend still skips the row.
                LOG.warn("The address book is not running: the {} of message {} is recorded on the ledger only, "
                        + "its address is not suppressed",
                        FeedbackLedger.kind(feedback), LogSafe.of(row.deliveryId()));
            } else {
                boolean complaint = feedback.kind() == ProviderFeedback.Kind.COMPLAINED;
                c.changeStatus(row.accountId(), row.recipient(), complaint ? ContactStatus.COMPLAINED
                        : ContactStatus.BOUNCED, complaint ? StatusSource.COMPLAINT : StatusSource.BOUNCE,
                        detail(feedback));
            }
        }
        return Outcome.RECORDED;
    }

    @Override
    public boolean firstNotice(String noticeId) {
        if (noticeId == null || noticeId.isBlank() || noticeId.length() > MAX_NOTICE_ID_CHARS) {
            throw new IllegalArgumentException("a notice id is 1 to " + MAX_NOTICE_ID_CHARS + " characters");
        }
        return ledger.firstTime(noticeId, clock.millis());
    }

    private static String detail(ProviderFeedback feedback) {
        return feedback.detail().isEmpty() ? null : feedback.detail();
    }

    /** Addresses compare case-insensitively; providers report them as they were sent, or lower-cased. */
    private static boolean sameAddress(String a, String b) {
        return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
    }
}
