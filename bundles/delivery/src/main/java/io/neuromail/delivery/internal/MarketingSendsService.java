package io.neuromail.delivery.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.security.Caller;
import io.neuromail.delivery.api.MarketingSends;

/** Marketing sends in Liquid for other bundles (campaigns): the delivery service's gate, ledger and actions. */
@Component(service = MarketingSends.class)
public class MarketingSendsService implements MarketingSends {

    private final DeliveryService delivery;

    @org.osgi.service.component.annotations.Activate
    public MarketingSendsService(@Reference DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public Started start(Caller caller, Request request) {
        return delivery.startMarketing(caller, request);
    }

    @Override
    public Optional<Progress> progress(String accountId, String sendId) {
        return delivery.progress(accountId, sendId);
    }

    @Override
    public java.util.List<DomainProgress> domains(String accountId, String sendId, int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1 to 100, got " + limit);
        }
        return delivery.domains(accountId, sendId, limit);
    }

    @Override
    public Map<String, String> recipients(String accountId, String sendId, Collection<String> deliveryIds) {
        return delivery.recipients(accountId, sendId, deliveryIds);
    }

    @Override
    public SqlCondition sentTo(String accountId, Collection<String> sendIds, Instant since) {
        if (sendIds.size() > MAX_CONDITION_SENDS) {
            throw new IllegalArgumentException("at most " + MAX_CONDITION_SENDS + " sends, got " + sendIds.size());
        }
        return SendStore.sentTo(accountId, sendIds, since);
    }

    @Override
    public List<ContactMessage> messagesOf(String accountId, String contactId, int limit) {
        return delivery.messagesOf(accountId, contactId, limit);
    }

    @Override
    public Progress act(Caller caller, String sendId, String action) {
        return delivery.actMarketing(caller, sendId, action);
    }
}
