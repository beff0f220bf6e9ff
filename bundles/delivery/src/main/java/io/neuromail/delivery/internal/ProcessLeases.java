package io.neuromail.delivery.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims of queued ledger rows kept by this process instead of in the database: the embedded
 * database belongs to one process, so a lease written to it would only say what this table says,
 * at the price of a row write per claim. One table per database, shared by every {@link Ledger} on it.
 * Leases only divide the work: the hand-off stays a conditional update of a queued row, so a row is
 * handed off at most once even when two claims on it overlap.
 */
final class ProcessLeases {

    private static final Map<String, ProcessLeases> BY_DATABASE = new ConcurrentHashMap<>();

    /**
     * A lease; an ended one stays until the next claim begins. A claim reads the queue before it takes
     * rows, so a row handed off while it reads may still look queued to it: the ended lease keeps the
     * claim from taking it.
     */
    private record Lease(String owner, long until, boolean ended) {
    }

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    private ProcessLeases() {
    }

    /** The leases of the database at {@code url}. */
    static ProcessLeases of(String url) {
        return BY_DATABASE.computeIfAbsent(url, u -> new ProcessLeases());
    }

    /**
     * Before a claim reads the queue: forgets the leases that ended or expired before {@code now}
     * (what they covered is committed, so the claim reads it as it is). Answers how many remain.
     */
    int prune(long now) {
        leases.values().removeIf(lease -> lease.ended() || lease.until() < now);
        return leases.size();
    }

    /**
     * Leases the candidates nobody holds at {@code now} to {@code owner} until {@code until}, in their
     * order, at most {@code limit}. Callers serialise claims, so no other claim runs meanwhile.
     */
    List<Claim> take(List<Claim> candidates, int limit, String owner, long now, long until) {
        List<Claim> taken = new ArrayList<>(Math.min(limit, candidates.size()));
        for (Claim row : candidates) {
            if (taken.size() == limit) {
                break;
            }
            Lease held = leases.get(row.id());
            if (held == null || !held.ended() && held.until() < now) {
                leases.put(row.id(), new Lease(owner, until, false));
                taken.add(row);
            }
        }
        return taken;
    }

    /** Whether {@code owner} holds a lease on the row that lasts at least until {@code now}. */
    boolean holds(String id, String owner, long now) {
        Lease lease = leases.get(id);
        return lease != null && !lease.ended() && lease.owner().equals(owner) && lease.until() >= now;
    }

    /** Ends {@code owner}'s leases on these rows, once the hand-off or give-back is committed. */
    void end(Collection<Claim> rows, String owner) {
        for (Claim row : rows) {
            leases.computeIfPresent(row.id(), (id, lease) -> lease.owner().equals(owner)
                    ? new Lease(owner, lease.until(), true) : lease);
        }
    }

    /** Ends every lease of owners whose name starts with {@code prefix} (an earlier run of a node). */
    int endOwners(String prefix) {
        int before = leases.size();
        leases.values().removeIf(lease -> lease.owner().startsWith(prefix));
        return before - leases.size();
    }
}
