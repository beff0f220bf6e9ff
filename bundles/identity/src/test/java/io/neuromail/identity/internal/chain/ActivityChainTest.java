package io.neuromail.identity.internal.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.neuromail.identity.internal.chain.ActivityChain.Entry;

class ActivityChainTest {

    private static final Instant AT = Instant.parse("2030-01-07T09:00:00.123456Z");

    static Entry entry(long position, String prev) {
        return new Entry("acc-1", position, "id-" + position, 1000 + position, "auth.login.succeeded", AT,
                "user-1", null, "192.0.2.7", "Firefox", "{\"a\":\"b\"}", prev, null).placed(position, prev);
    }

    @Test
    void canonicalFormIsTheTagThenEachFieldLengthPrefixedInAFixedOrderWithMinusOneForAbsent() {
        Entry e = new Entry("a", 3, "i", 7, "t", Instant.ofEpochSecond(1, 2_000), null, "k", "", "u", "d", "p", "ignored");
        ByteBuffer expected = ByteBuffer.allocate(200);
        for (String field : new String[] {"neuromail-activity-v1", "a", "3", "i", "7", "t", "1000002", null, "k", "", "u", "d", "p"}) {
            if (field == null) {
                expected.putInt(-1);
            } else {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                expected.putInt(b.length).put(b);
            }
        }
        byte[] want = new byte[expected.position()];
        expected.flip().get(want);
        assertArrayEquals(want, ActivityChain.canonical(e));
    }

    @Test
    void hashIsTheHexSha256OfTheCanonicalFormAndIgnoresTheStoredHash() throws Exception {
        Entry e = entry(1, ActivityChain.GENESIS);
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(ActivityChain.canonical(e)));
        assertEquals(expected, e.hash());
        assertEquals(e.hash(), e.expectedHash());
        assertEquals(64, e.hash().length());
    }

    @Test
    void everyStoredFieldAndThePreviousHashChangeTheHash() {
        Entry base = entry(2, "a".repeat(64));
        java.util.List<UnaryOperator<Entry>> changes = java.util.List.of(
                e -> new Entry("acc-2", e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> e.at(3),
                e -> new Entry(e.accountId(), e.position(), "other", e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq() + 1, e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), "auth.logout", e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt().plusNanos(1_000), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), null, e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), "key", e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), "192.0.2.8", e.userAgent(), e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), "curl", e.details(), e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), "{}", e.prevHash(), e.hash()),
                e -> new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), "b".repeat(64), e.hash()));
        for (UnaryOperator<Entry> change : changes) {
            assertNotEquals(base.hash(), change.apply(base).expectedHash());
        }
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        Entry a = new Entry("ab", 1, "c", 1, "t", AT, "x", null, null, null, null, ActivityChain.GENESIS, null);
        Entry b = new Entry("a", 1, "bc", 1, "t", AT, "x", null, null, null, null, ActivityChain.GENESIS, null);
        Entry empty = new Entry("a", 1, "bc", 1, "t", AT, "", null, null, null, null, ActivityChain.GENESIS, null);
        Entry absent = new Entry("a", 1, "bc", 1, "t", AT, null, "", null, null, null, ActivityChain.GENESIS, null);
        assertNotEquals(a.expectedHash(), b.expectedHash());
        assertNotEquals(empty.expectedHash(), absent.expectedHash());
    }

    @Test
    void timeIsKeptToTheMicrosecondWhichBothDatabasesStore() {
        Instant nanos = Instant.parse("2030-01-07T09:00:00.123456789Z");
        assertEquals(Instant.parse("2030-01-07T09:00:00.123456Z"), ActivityChain.truncate(nanos));
        Entry e = entry(1, ActivityChain.GENESIS);
        Entry truncatedTwice = new Entry(e.accountId(), 1, e.id(), e.seq(), e.type(), ActivityChain.truncate(e.occurredAt()),
                e.userId(), e.apiKeyId(), e.ip(), e.userAgent(), e.details(), e.prevHash(), e.hash());
        assertEquals(e.hash(), truncatedTwice.expectedHash());
        assertEquals(-1L, ActivityChain.micros(Instant.parse("1969-12-31T23:59:59.999999Z")));
    }
}
