package io.neuromail.senderidentity.internal;

import java.util.List;

/** Request bodies of the sender identities API. */
public final class Requests {

    private Requests() {
    }

    /** {@code POST /sender-identities}. */
    public record NewIdentity(String type, String value, List<String> dkimSelectors) {
    }
}
