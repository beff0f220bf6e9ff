package io.neuromail.delivery.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's group commits: one thread commits, in one transaction, the senders' answers that
 * arrived while the previous commit ran and the hand-offs the workers asked for meanwhile, so the
 * ledger pays one commit per group rather than one per message or per worker. Under load (the last
 * group held {@value #GATHER_UNDER_LOAD} or more), a group smaller than {@value #GATHER_ITEMS} waits up
 * to {@value #GATHER_MICROS} µs for more: a commit's cost hardly grows with its size, so fewer, larger
 * commits cost less per message. A quiet node commits at once, so a hand-off is not late for its send
 * slot. A crash before an answer's commit leaves its row handed off, so it becomes uncertain: exactly as
 * a crash between the sender's answer and a single-row commit would. A hand-off is committed before its
 * worker gives the rows to the sender.
 */
public final class AnswerRecorder {

    /**
     * Commits one group: records the answers, carries out the hand-offs and claims the slots asked
     * for; answers the hand-offs' results in order, and the first of the slots of each slot request.
     */
    @FunctionalInterface
    public interface GroupStore {
        Ledger.GroupResult commit(List<Answer> answers, List<Ledger.HandOffRequest> handOffs,
                                  List<Ledger.SlotRequest> slots);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AnswerRecorder.class);
    private static final int MAX_GROUP = 1000;
    /** A group this large is committed at once. */
    static final int GATHER_ITEMS = 48;
    /** A group at least this large means the node is busy enough to gather the next one. */
    static final int GATHER_UNDER_LOAD = 8;
    /** The longest a smaller group waits for more answers and hand-offs. */
    static final long GATHER_MICROS = 4_000;
    private static final int ATTEMPTS = 3;

    /** A hand-off asked for, and where its result goes. */
    private record HandOff(Ledger.HandOffRequest request, CompletableFuture<Ledger.Scheduled> result) {
    }

    /** A send slot asked for, and where it goes. */
    private record Slot(Ledger.SlotRequest request, CompletableFuture<Long> result) {
    }

    private final GroupStore store;
    private final IntConsumer recorded;
    private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the committing thread; {@code store} commits one group (usually {@code Ledger::commitGroup}),
     * {@code recorded} hears how many answers a group had once its commit is over (or given up).
     */
    public AnswerRecorder(GroupStore store, IntConsumer recorded, String name) {
        this.store = store;
        this.recorded = recorded;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an answer for the next group commit. */
    public void add(Answer answer) {
        pending.add(answer);
    }

    /**
     * Hands rows off in the next group commit and waits for it; answers what the request got.
     *
     * @throws IllegalStateException when the commit failed (nothing was handed off)
     */
    public Ledger.Scheduled handOff(Ledger.HandOffRequest request) {
        CompletableFuture<Ledger.Scheduled> result = new CompletableFuture<>();
        pending.add(new HandOff(request, result));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // Once queued, the hand-off may be committed: its rows must not be left unknown.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the hand-off could not be committed: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Claims a send slot in the next group commit and waits for it: for a call that missed its slot,
     * so that the calls of a busy node that all missed theirs take new ones in one update rather than
     * one transaction each on the sender's slot row.
     *
     * @return the slot's time in epoch microseconds
     * @throws IllegalStateException when the commit failed
     */
    public long slot(Ledger.SlotRequest request) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        pending.add(new Slot(request, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a send slot", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("no send slot could be claimed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Commits what is queued and stops the thread. */
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }

    private void loop() {
        List<Object> group = new ArrayList<>();
        int previous = 0;
        while (running || !pending.isEmpty()) {
            try {
                Object first = pending.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, MAX_GROUP - 1);
                // Gather only under load: a quiet node (a low rate, a lone message) commits at once,
                // so a hand-off is not late for its send slot.
                long until = System.nanoTime() + GATHER_MICROS * 1000;
                while (previous >= GATHER_UNDER_LOAD && group.size() < GATHER_ITEMS && System.nanoTime() < until) {
                    Object more = pending.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    group.add(more);
                    pending.drainTo(group, MAX_GROUP - group.size());
                }
                previous = group.size();
                commit(group);
                group.clear();
            } catch (InterruptedException e) {
                // The answers must still be committed: this group now, then until the queue is empty.
                running = false;
                if (!group.isEmpty()) {
                    commit(group);
                    group.clear();
                }
            }
        }
    }

    private void commit(List<Object> group) {
        List<Answer> answers = new ArrayList<>(group.size());
        List<HandOff> handOffs = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (Object item : group) {
            if (item instanceof Answer answer) {
                answers.add(answer);
            } else if (item instanceof HandOff handOff) {
                handOffs.add(handOff);
            } else {
                slots.add((Slot) item);
            }
        }
        List<Ledger.HandOffRequest> requests = handOffs.stream().map(HandOff::request).toList();
        List<Ledger.SlotRequest> slotRequests = slots.stream().map(Slot::request).toList();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Ledger.GroupResult results = store.commit(answers, requests, slotRequests);
                recorded.accept(answers.size());
                for (int i = 0; i < handOffs.size(); i++) {
                    handOffs.get(i).result().complete(results.scheduled().get(i));
                }
                for (int i = 0; i < slots.size(); i++) {
                    slots.get(i).result().complete(results.slots().get(i));
                }
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    // The rows stay handed off: when their hand-off lease ends they become uncertain
                    // and are reported, never resent on their own. The hand-offs asked for did not happen.
                    LOG.error("{} answers of senders could not be recorded; their messages will be marked uncertain",
                            answers.size(), e);
                    recorded.accept(answers.size());
                    handOffs.forEach(h -> h.result().completeExceptionally(e));
                    slots.forEach(h -> h.result().completeExceptionally(e));
                } else {
                    LOG.warn("Recording {} answers of senders failed; trying again: {}", answers.size(), e.toString());
                }
            }
        }
    }
}
