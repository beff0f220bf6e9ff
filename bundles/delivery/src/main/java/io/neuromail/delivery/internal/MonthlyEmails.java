package io.neuromail.delivery.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.billing.Limit;
import io.neuromail.api.billing.UsageMeter;

/** The e-mails an account had accepted for sending this month, as its plan counts them (the Billing page's meter). */
@Component(service = UsageMeter.class)
public class MonthlyEmails implements UsageMeter {

    private final DeliveryService delivery;

    @Activate
    public MonthlyEmails(@Reference DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public Limit limit() {
        return Limit.EMAILS_PER_MONTH;
    }

    @Override
    public long usage(String accountId) {
        return delivery.emailsThisMonth(accountId);
    }
}
