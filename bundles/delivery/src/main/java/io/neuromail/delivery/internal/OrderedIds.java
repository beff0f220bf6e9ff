package io.neuromail.delivery.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of ledger rows: version 7 UUIDs (RFC 9562), whose text sorts in the order they were made. The
 * millisecond time and a 12-bit counter form one value that only grows in this process (when more than
 * 4,096 ids are made in a millisecond, the time part runs ahead); 62 random bits follow. Rows made
 * together sit next to each other in the id index, so a batch of them changes a few index pages
 * rather than one page per row.
 */
final class OrderedIds {

    private static final AtomicLong LAST = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private OrderedIds() {
    }

    /** A new id, greater than every id made before it in this process. */
    static String next() {
        long now = System.currentTimeMillis() << 12;
        long clock = LAST.updateAndGet(last -> Math.max(now, last + 1));
        long msb = (clock >>> 12) << 16 | 0x7000L | (clock & 0xFFFL);
        long lsb = RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
