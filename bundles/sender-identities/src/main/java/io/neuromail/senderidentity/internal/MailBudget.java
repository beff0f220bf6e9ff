package io.neuromail.senderidentity.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many verification mails an account may have sent in a sliding window, so that adding and
 * removing addresses cannot make NeuroMail mail strangers in bulk. Kept in memory, per node.
 */
final class MailBudget {

    private final Clock clock;
    private final int perWindow;
    private final Duration window;
    private final Map<String, Deque<Long>> sent = new ConcurrentHashMap<>();

    MailBudget(Clock clock, int perWindow, Duration window) {
        this.clock = clock;
        this.perWindow = perWindow;
        this.window = window;
    }

    /**
     * Takes one mail of the account's budget; when there is none left, answers how many seconds until
     * there is, and takes nothing.
     */
    OptionalLong take(String accountId) {
        long now = clock.millis();
        Deque<Long> times = sent.computeIfAbsent(accountId, a -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
                times.pollFirst();
            }
            if (times.size() >= perWindow) {
                return OptionalLong.of(Math.max(1, (times.peekFirst() + window.toMillis() - now + 999) / 1000));
            }
            times.addLast(now);
            return OptionalLong.empty();
        }
    }
}
