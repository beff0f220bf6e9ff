package io.neuromail.delivery.internal;

/** States of a send. */
public final class SendState {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    /** Paused by NeuroMail itself (bounce or complaint rate); the reason says why. */
    public static final String AUTO_PAUSED = "auto-paused";
    public static final String CANCELLED = "cancelled";
    /** No row is queued or handed off any more. */
    public static final String FINISHED = "finished";

    private SendState() {
    }
}
