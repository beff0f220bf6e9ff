package io.neuromail.delivery.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.delivery.api.Unsubscribes;

/** Resolves the signed unsubscribe tokens of the marketing messages this NeuroMail sent. */
@Component(service = Unsubscribes.class)
public class UnsubscribesService implements Unsubscribes {

    @Reference
    private DeliveryService delivery;

    @Override
    public Optional<Target> resolve(String token) {
        return token == null || token.length() > 200 ? Optional.empty() : delivery.unsubscribeTarget(token);
    }
}
