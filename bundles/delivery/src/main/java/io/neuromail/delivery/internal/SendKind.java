package io.neuromail.delivery.internal;

import java.util.List;

/** Kinds of sends. */
public final class SendKind {

    public static final String CAMPAIGN = "campaign";
    public static final String TEST = "test";
    public static final String TRANSACTIONAL = "transactional";
    /** Mail NeuroMail itself sends to a user (verification links, password resets), from the operator's address. */
    public static final String SYSTEM = "system";

    public static final List<String> ALL = List.of(CAMPAIGN, TEST, TRANSACTIONAL, SYSTEM);

    private SendKind() {
    }
}
