package io.neuromail.delivery.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

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
    public Progress act(Caller caller, String sendId, String action) {
        return delivery.actMarketing(caller, sendId, action);
    }
}
