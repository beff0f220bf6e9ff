package io.neuromail.sender.smtp.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connected transports to one relay, reused from send to send. At most {@code size} are in use at
 * once; a caller waits for one up to the given time. A connection that stood idle for a while is
 * checked with NOOP before it is handed out again; one that failed is closed, never reused.
 */
final class TransportPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportPool.class);

    /** Opens a new, connected (and, when configured, authenticated) transport. */
    @FunctionalInterface
    interface Connector {
        SMTPTransport connect() throws MessagingException;
    }

    private record Idle(SMTPTransport transport, Instant since) {
    }

    private final Connector connector;
    private final Semaphore permits;
    private final Duration checkIdleAfter;
    private final Clock clock;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    TransportPool(Connector connector, int size, Duration checkIdleAfter, Clock clock) {
        this.connector = connector;
        this.permits = new Semaphore(size, true);
        this.checkIdleAfter = checkIdleAfter;
        this.clock = clock;
    }

    /**
     * A connected transport, to be given back with {@link #release}.
     *
     * @throws MessagingException when no connection could be made, or none was free within {@code wait}
     */
    SMTPTransport borrow(Duration wait) throws MessagingException, InterruptedException {
        if (closed) {
            throw new MessagingException("the sender is stopping");
        }
        if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new MessagingException("no free connection to the relay within " + wait.toSeconds() + " s");
        }
        try {
            SMTPTransport transport = reuse();
            if (transport == null) {
                transport = connector.connect();
                opened.incrementAndGet();
            }
            return transport;
        } catch (MessagingException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives a transport back: kept for the next send when {@code healthy}, closed otherwise. */
    void release(SMTPTransport transport, boolean healthy) {
        try {
            if (healthy && !closed) {
                synchronized (idle) {
                    idle.push(new Idle(transport, clock.instant()));
                }
            } else {
                closeQuietly(transport);
            }
        } finally {
            permits.release();
        }
        if (closed) {
            drain();
        }
    }

    /** How many connections this pool has opened so far. */
    long openedConnections() {
        return opened.get();
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private SMTPTransport reuse() {
        while (true) {
            Idle candidate;
            synchronized (idle) {
                candidate = idle.poll();
            }
            if (candidate == null) {
                return null;
            }
            boolean fresh = candidate.since().plus(checkIdleAfter).isAfter(clock.instant());
            // isConnected() sends NOOP and closes the transport when the relay does not answer.
            if (fresh || candidate.transport().isConnected()) {
                return candidate.transport();
            }
            closeQuietly(candidate.transport());
        }
    }

    private void drain() {
        while (true) {
            Idle candidate;
            synchronized (idle) {
                candidate = idle.poll();
            }
            if (candidate == null) {
                return;
            }
            closeQuietly(candidate.transport());
        }
    }

    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // The connection is gone either way; a failed QUIT changes nothing for delivery.
            LOG.debug("Closing an SMTP connection failed: {}", e.getMessage());
        }
    }
}
