package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** An interrupted worker waits for its committed hand-offs without burning a core, then stops. */
class DeliveryEngineAwaitTest {

    @Test
    void anInterruptedWaitForAHandOffParksAndKeepsTheInterrupt() throws Exception {
        CompletableFuture<Void> handOff = new CompletableFuture<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            Thread.currentThread().interrupt();
            DeliveryEngine.await(handOff);
            returned.set(true);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, "await-test");
        worker.start();

        // Spinning, the worker stays RUNNABLE (every get() fails at once); waiting, it parks.
        waitFor(() -> worker.getState() == Thread.State.WAITING, "the interrupted worker to park");
        assertFalse(returned.get(), "the worker must wait for the committed hand-off");

        handOff.complete(null);
        worker.join(10_000);
        assertFalse(worker.isAlive());
        assertTrue(returned.get());
        assertTrue(interruptedAfter.get(), "the interrupt is restored so that the worker stops");
    }

    @Test
    void aFailedHandOffEndsTheWaitWithoutAnInterrupt() {
        CompletableFuture<Void> handOff = new CompletableFuture<>();
        handOff.completeExceptionally(new IllegalStateException("sender broke"));
        DeliveryEngine.await(handOff);
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(true, handOff.isCompletedExceptionally());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
