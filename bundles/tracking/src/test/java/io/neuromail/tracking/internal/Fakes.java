package io.neuromail.tracking.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.ContactStatusService;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.delivery.api.TrackingLinks;
import io.neuromail.delivery.api.Unsubscribes;

/** Stand-ins for delivery's links and the address book, recording what is asked of them. */
final class Fakes {

    private Fakes() {
    }

    /** Resolves only the tokens it was given. */
    static final class Links implements Unsubscribes {
        final Map<String, Target> targets = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        Links add(String token, Target target) {
            targets.put(token, target);
            return this;
        }

        @Override
        public Optional<Target> resolve(String token) {
            asked.add(token);
            return Optional.ofNullable(targets.get(token));
        }
    }

    /** Records changes; {@code undoAnswer} is what an undo returns. */
    static class Statuses implements ContactStatusService {
        record Change(String accountId, String email, ContactStatus status, StatusSource source, String reason) {
        }

        record Undo(String accountId, String email, String reason, Duration within) {
        }

        final List<Change> changes = new ArrayList<>();
        final List<Undo> undos = new ArrayList<>();
        boolean undoAnswer = true;

        @Override
        public boolean changeStatus(String accountId, String email, ContactStatus status, StatusSource source,
                                    String reason) {
            changes.add(new Change(accountId, email, status, source, reason));
            return true;
        }

        @Override
        public boolean undoUnsubscribe(String accountId, String email, String reason, Duration within) {
            undos.add(new Undo(accountId, email, reason, within));
            return undoAnswer;
        }
    }

    /** Delivery's tracking links: resolves only the tokens it was given, knows only the messages it was given. */
    static final class Tracking implements TrackingLinks {
        final Map<String, Hit> hits = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Message> messages = new java.util.concurrent.ConcurrentHashMap<>();
        final List<java.util.Collection<String>> lookups = new java.util.concurrent.CopyOnWriteArrayList<>();

        Tracking add(String token, Hit hit) {
            hits.put(token, hit);
            return this;
        }

        Tracking message(Message message) {
            messages.put(message.deliveryId(), message);
            return this;
        }

        @Override
        public Optional<Hit> resolve(String token) {
            return Optional.ofNullable(hits.get(token));
        }

        /**
         * The stored targets of a send's links: in a newer delivery-api than this bundle is built
         * against (not overridden, so the fake compiles against both); the tracking bundle does not use it.
         */
        public List<String> links(String accountId, String sendId) {
            return List.of();
        }

        @Override
        public Map<String, Message> messages(java.util.Collection<String> deliveryIds) {
            lookups.add(List.copyOf(deliveryIds));
            Map<String, Message> found = new HashMap<>();
            for (String id : deliveryIds) {
                Message m = messages.get(id);
                if (m != null) {
                    found.put(id, m);
                }
            }
            return found;
        }
    }
}
