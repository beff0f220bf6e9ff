package io.neuromail.delivery.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.SenderProperties;

/**
 * The senders registered right now, best ranked first. A sender whose bundle stops is gone at the
 * next lookup; messages meant for it wait (or, with fallback, take the next sender by ranking).
 */
public final class SenderRegistry {

    /** One registered sender. */
    public record Entry(String name, String title, int ranking, long serviceId, EmailSender sender) {
    }

    private static final Comparator<Entry> BEST_FIRST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds a sender from its service properties; one without a name is ignored (and answers false). */
    public boolean add(EmailSender sender, Map<String, ?> properties) {
        Object name = properties.get(SenderProperties.NAME);
        if (name == null || name.toString().isBlank()) {
            return false;
        }
        Object title = properties.get(SenderProperties.TITLE);
        Object ranking = properties.get("service.ranking");
        Object id = properties.get("service.id");
        entries.add(new Entry(name.toString(), title == null || title.toString().isBlank() ? name.toString()
                : title.toString(), ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L, sender));
        return true;
    }

    /** Removes a sender that left. */
    public void remove(EmailSender sender) {
        entries.removeIf(e -> e.sender() == sender);
    }

    /** Whether the sender is still registered (its bundle has not stopped since it was looked up). */
    public boolean registered(Entry entry) {
        return entries.stream().anyMatch(e -> e.sender() == entry.sender());
    }

    /** Registered senders, best ranked first. */
    public List<Entry> all() {
        return entries.stream().sorted(BEST_FIRST).toList();
    }

    /** The sender called {@code name}, when registered (the best ranked of that name). */
    public Optional<Entry> named(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The sender to use among those {@code allowed}: {@code chosen} when registered; else, with
     * {@code fallback}, the best ranked other one; else none (the messages wait).
     */
    public Optional<Entry> resolve(String chosen, boolean fallback, java.util.function.Predicate<String> allowed) {
        Optional<Entry> entry = named(chosen).filter(e -> allowed.test(e.name()));
        if (entry.isPresent() || !fallback) {
            return entry;
        }
        return all().stream().filter(e -> allowed.test(e.name())).findFirst();
    }
}
