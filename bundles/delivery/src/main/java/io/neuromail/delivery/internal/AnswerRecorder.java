package io.neuromail.delivery.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records senders' answers in the ledger in groups: one thread commits everything that arrived
 * while the previous commit ran, in one transaction, so the ledger pays one commit per group rather
 * than one per message. An answer waits only for the commit before it, never for a timer. A crash
 * before an answer's commit leaves its row handed off, so it becomes uncertain: exactly as a crash
 * between the sender's answer and a single-row commit would.
 */
public final class AnswerRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerRecorder.class);
    private static final int MAX_GROUP = 1000;
    private static final int ATTEMPTS = 3;

    private final Function<List<Answer>, Integer> store;
    private final IntConsumer recorded;
    private final BlockingQueue<Answer> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the recording thread; {@code store} commits one group (usually {@code Ledger::record}),
     * {@code recorded} hears how many answers a group had once its commit is over (or given up).
     */
    public AnswerRecorder(Function<List<Answer>, Integer> store, IntConsumer recorded, String name) {
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

    /** Commits what is queued and stops the thread. */
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }

    private void loop() {
        List<Answer> group = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Answer first = pending.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, MAX_GROUP - 1);
                commit(group);
                recorded.accept(group.size());
                group.clear();
            } catch (InterruptedException e) {
                // The answers must still be committed: go on until the queue is empty.
                running = false;
            }
        }
    }

    private void commit(List<Answer> group) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                store.apply(group);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    // The rows stay handed off: when their hand-off lease ends they become uncertain
                    // and are reported, never resent on their own.
                    LOG.error("{} answers of senders could not be recorded; their messages will be marked uncertain",
                            group.size(), e);
                } else {
                    LOG.warn("Recording {} answers of senders failed; trying again: {}", group.size(), e.toString());
                }
            }
        }
    }
}
