package io.neuromail.delivery.internal;

import java.util.List;

/** Kinds of sends. */
public final class SendKind {

    public static final String CAMPAIGN = "campaign";
    public static final String TEST = "test";
    public static final String TRANSACTIONAL = "transactional";

    public static final List<String> ALL = List.of(CAMPAIGN, TEST, TRANSACTIONAL);

    private SendKind() {
    }
}
