package io.neuromail.itests.delivery;

import java.io.IOException;
import java.util.Map;

/** Where sent messages end up, counted per recipient address. */
interface Sink {

    /** Messages per recipient address received so far. */
    Map<String, Integer> perRecipient() throws IOException;
}
