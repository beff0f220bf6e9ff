package io.neuromail.delivery.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.mail.SystemMail;
import io.neuromail.api.rest.ApiException;

/** Mail NeuroMail sends to its users, through the ledger from the operator's system address. */
@Component(service = SystemMail.class)
public class SystemMailService implements SystemMail {

    @Reference
    private DeliveryService delivery;

    @Override
    public String send(String accountId, String to, String subject, String text) {
        try {
            return delivery.sendSystemMessage(accountId, to, subject, text);
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
