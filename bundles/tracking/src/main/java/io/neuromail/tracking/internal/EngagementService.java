package io.neuromail.tracking.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.contacts.api.ContactDataHolder;
import io.neuromail.tracking.api.Engagement;

/**
 * What tracking tells other bundles: a send's opens and clicks from the counters {@link TrackingStore}
 * keeps; and, as a holder of data about contacts, the erasure of a contact's events with the contact.
 */
@Component(service = {Engagement.class, ContactDataHolder.class})
public class EngagementService implements Engagement, ContactDataHolder {

    private final TrackingStore store;

    @Activate
    public EngagementService(@Reference TrackingStore store) {
        this.store = store;
    }

    @Override
    public Totals totals(String accountId, String sendId) {
        TrackingStore.SendTotals t = store.totals(accountId, sendId);
        return new Totals(t.opens(), t.uniqueOpens(), t.humanOpens(), t.uniqueHumanOpens(), t.machineOpens(), t.clicks(),
                t.uniqueClicks(), t.humanClicks(), t.uniqueHumanClicks(), t.machineClicks());
    }

    @Override
    public List<LinkClicks> links(String accountId, String sendId) {
        return store.links(accountId, sendId).stream()
                .map(l -> new LinkClicks(l.link(), l.clicks(), l.uniqueClicks(), l.humanClicks())).toList();
    }

    @Override
    public List<Hour> hours(String accountId, String sendId) {
        return store.hours(accountId, sendId).stream().map(h -> new Hour(h.hour(), h.humanOpens(), h.uniqueHumanOpens(),
                h.machineOpens(), h.humanClicks(), h.uniqueHumanClicks(), h.machineClicks(), h.unsubscribes())).toList();
    }

    @Override
    public List<DomainEngagement> domains(String accountId, String sendId, java.util.Collection<String> domains) {
        return store.domains(accountId, sendId, domains).entrySet().stream()
                .map(e -> new DomainEngagement(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    @Override
    public SqlCondition engagedContact(String accountId, boolean clicked, Collection<String> sendIds, Instant since) {
        if (sendIds.size() > MAX_CONDITION_SENDS) {
            throw new IllegalArgumentException("at most " + MAX_CONDITION_SENDS + " sends, got " + sendIds.size());
        }
        return TrackingStore.engagedContact(accountId, clicked, sendIds, since);
    }

    @Override
    public long unsubscribes(String accountId, String sendId) {
        return store.unsubscribes(accountId, sendId);
    }

    @Override
    public List<Engaged> engaged(String accountId, String sendId, boolean clicked, String after, int limit) {
        return store.engaged(accountId, sendId, clicked, after, limit).stream()
                .map(e -> new Engaged(e.deliveryId(), e.contactId(), e.firstOpen(), e.firstClick())).toList();
    }

    @Override
    public List<Engaged> engaged(String accountId, java.util.Collection<String> deliveryIds) {
        return store.engaged(accountId, deliveryIds).stream()
                .map(e -> new Engaged(e.deliveryId(), e.contactId(), e.firstOpen(), e.firstClick())).toList();
    }

    @Override
    public void eraseContact(String accountId, String contactId) {
        store.eraseContact(accountId, contactId);
    }
}
