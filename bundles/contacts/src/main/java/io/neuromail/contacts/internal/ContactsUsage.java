package io.neuromail.contacts.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.billing.Limit;
import io.neuromail.api.billing.UsageMeter;
import io.neuromail.api.persistence.Jdbc;

/** The account's contacts, as the plan's contact limit counts them (the Billing page's meter). */
@Component(service = UsageMeter.class)
public class ContactsUsage implements UsageMeter {

    private final Jdbc jdbc;

    @Activate
    public ContactsUsage(@Reference ContactsDatabase database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Limit limit() {
        return Limit.CONTACTS;
    }

    @Override
    public long usage(String accountId) {
        return jdbc.inAccount(accountId, c -> ContactStore.count(c, accountId));
    }
}
