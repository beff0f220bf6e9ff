package io.neuromail.delivery.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.delivery.api.TrackingLinks;

/** Resolves the signed open pixel and click link tokens of the tracked messages this NeuroMail sent. */
@Component(service = TrackingLinks.class)
public class TrackingLinksService implements TrackingLinks {

    @Reference
    private DeliveryService delivery;

    @Override
    public Optional<Hit> resolve(String token) {
        return token == null || token.length() != TrackingTokens.LENGTH ? Optional.empty() : delivery.trackingHit(token);
    }

    @Override
    public java.util.List<String> links(String accountId, String sendId) {
        return delivery.trackedLinks(accountId, sendId);
    }

    @Override
    public Map<String, Message> messages(Collection<String> deliveryIds) {
        return deliveryIds == null || deliveryIds.isEmpty() ? Map.of() : delivery.trackedMessages(deliveryIds);
    }
}
