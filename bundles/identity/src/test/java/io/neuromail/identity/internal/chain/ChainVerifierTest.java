package io.neuromail.identity.internal.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.neuromail.identity.internal.chain.ActivityChain.Entry;
import io.neuromail.identity.internal.chain.ChainVerifier.Broken;
import io.neuromail.identity.internal.chain.ChainVerifier.Head;
import io.neuromail.identity.internal.chain.ChainVerifier.Reason;

class ChainVerifierTest {

    private static final Instant AT = Instant.parse("2030-01-07T09:00:00Z");
    private final CheckpointSigner signer = new CheckpointSigner(key(1));

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    /** A chain of n entries from position {@code from}, linked to {@code prev}. */
    private static List<Entry> chain(long from, int n, String prev) {
        List<Entry> out = new ArrayList<>();
        String last = prev;
        for (long p = from; p < from + n; p++) {
            Entry e = new Entry("acc-1", 0, "id-" + p, p, "contacts.contact.created", AT.plusSeconds(p), "user-1", null,
                    "192.0.2.1", "Firefox", "{\"contactId\":\"c" + p + "\"}", null, null).placed(p, last);
            out.add(e);
            last = e.hash();
        }
        return out;
    }

    private Optional<Broken> verify(Checkpoint cp, List<Entry> entries, Head head) {
        Set<String> hashes = entries.stream().map(Entry::hash).collect(Collectors.toSet());
        ChainVerifier v = new ChainVerifier(cp, signer, hashes::contains);
        for (Entry e : entries) {
            if (!v.next(e)) {
                break;
            }
        }
        return v.finish(head);
    }

    private static Head headOf(List<Entry> entries) {
        Entry last = entries.get(entries.size() - 1);
        return new Head(last.position(), last.hash());
    }

    private static Entry withDetails(Entry e, String details) {
        return new Entry(e.accountId(), e.position(), e.id(), e.seq(), e.type(), e.occurredAt(), e.userId(), e.apiKeyId(),
                e.ip(), e.userAgent(), details, e.prevHash(), e.hash());
    }

    @Test
    void anUntouchedChainIsIntactAndCountsEveryEntry() {
        List<Entry> entries = chain(1, 5, ActivityChain.GENESIS);
        ChainVerifier v = new ChainVerifier(null, signer, h -> false);
        entries.forEach(v::next);
        assertEquals(Optional.empty(), v.finish(headOf(entries)));
        assertEquals(5, v.entries());
    }

    @Test
    void anEmptyChainIsIntact() {
        assertEquals(Optional.empty(), verify(null, List.of(), new Head(0, ActivityChain.GENESIS)));
        assertEquals(Optional.empty(), verify(null, List.of(), null));
    }

    @Test
    void anEditedEntryIsReportedAtItsPosition() {
        List<Entry> entries = new ArrayList<>(chain(1, 5, ActivityChain.GENESIS));
        entries.set(2, withDetails(entries.get(2), "{\"contactId\":\"someone-else\"}"));
        assertEquals(Optional.of(new Broken(3L, "id-3", Reason.EDITED)), verify(null, entries, headOf(entries)));
    }

    @Test
    void anEditedAndRehashedEntryIsReportedWhereTheNextEntryNoLongerLinksToIt() {
        List<Entry> entries = new ArrayList<>(chain(1, 5, ActivityChain.GENESIS));
        Entry e = entries.get(1);
        entries.set(1, withDetails(e, "{}").placed(2, e.prevHash()));
        assertEquals(Optional.of(new Broken(2L, "id-2", Reason.EDITED)), verify(null, entries, headOf(chain(1, 5, ActivityChain.GENESIS))));
    }

    @Test
    void theLastEntryEditedAndRehashedIsCaughtByTheHead() {
        List<Entry> original = chain(1, 3, ActivityChain.GENESIS);
        List<Entry> entries = new ArrayList<>(original);
        Entry e = entries.get(2);
        entries.set(2, withDetails(e, "{}").placed(3, e.prevHash()));
        assertEquals(Optional.of(new Broken(3L, "id-3", Reason.EDITED)), verify(null, entries, headOf(original)));
    }

    @Test
    void aDeletedEntryIsReportedAsMissingAtItsPosition() {
        List<Entry> entries = new ArrayList<>(chain(1, 5, ActivityChain.GENESIS));
        entries.remove(1);
        assertEquals(Optional.of(new Broken(2L, null, Reason.MISSING)), verify(null, entries, headOf(entries)));
    }

    @Test
    void theFirstEntryDeletedIsMissingAtPositionOne() {
        List<Entry> entries = new ArrayList<>(chain(1, 3, ActivityChain.GENESIS));
        entries.remove(0);
        assertEquals(Optional.of(new Broken(1L, null, Reason.MISSING)), verify(null, entries, headOf(entries)));
    }

    @Test
    void deletedNewestEntriesAreMissingAgainstTheHead() {
        List<Entry> original = chain(1, 5, ActivityChain.GENESIS);
        assertEquals(Optional.of(new Broken(4L, null, Reason.MISSING)),
                verify(null, original.subList(0, 3), headOf(original)));
    }

    @Test
    void swappedPositionsAreReportedOutOfOrderAtTheFirstOfThem() {
        List<Entry> entries = new ArrayList<>(chain(1, 5, ActivityChain.GENESIS));
        Entry third = entries.get(2);
        Entry fourth = entries.get(3);
        entries.set(2, fourth.at(3));
        entries.set(3, third.at(4));
        assertEquals(Optional.of(new Broken(3L, "id-4", Reason.OUT_OF_ORDER)), verify(null, entries, headOf(entries)));
    }

    @Test
    void swappedAndRehashedEntriesAreStillOutOfOrder() {
        List<Entry> entries = new ArrayList<>(chain(1, 5, ActivityChain.GENESIS));
        Entry third = entries.get(2);
        Entry fourth = entries.get(3);
        entries.set(2, fourth.placed(3, fourth.prevHash()));
        entries.set(3, third.placed(4, third.prevHash()));
        Set<String> hashes = new java.util.HashSet<>(chain(1, 5, ActivityChain.GENESIS).stream().map(Entry::hash).toList());
        ChainVerifier v = new ChainVerifier(null, signer, hashes::contains);
        for (Entry e : entries) {
            if (!v.next(e)) {
                break;
            }
        }
        assertEquals(Optional.of(new Broken(3L, "id-4", Reason.OUT_OF_ORDER)), v.broken());
    }

    @Test
    void aPrunedChainVerifiesFromItsSignedCheckpoint() {
        List<Entry> all = chain(1, 10, ActivityChain.GENESIS);
        Entry lastPruned = all.get(3);
        Checkpoint cp = signer.sign("acc-1", lastPruned.position(), lastPruned.hash(), AT.plusSeconds(3600));
        List<Entry> kept = all.subList(4, 10);
        ChainVerifier v = new ChainVerifier(cp, signer, h -> false);
        assertEquals(4, v.startsAfter());
        kept.forEach(v::next);
        assertEquals(Optional.empty(), v.finish(headOf(all)));
        assertEquals(6, v.entries());
    }

    @Test
    void everythingPrunedLeavesTheCheckpointAtTheHead() {
        List<Entry> all = chain(1, 3, ActivityChain.GENESIS);
        Checkpoint cp = signer.sign("acc-1", 3, all.get(2).hash(), AT);
        assertEquals(Optional.empty(), verify(cp, List.of(), headOf(all)));
    }

    @Test
    void aPrunedChainWithoutItsCheckpointIsMissingFromPositionOne() {
        List<Entry> all = chain(1, 10, ActivityChain.GENESIS);
        assertEquals(Optional.of(new Broken(1L, null, Reason.MISSING)), verify(null, all.subList(4, 10), headOf(all)));
    }

    @Test
    void aForgedCheckpointIsReportedAtItsPosition() {
        List<Entry> all = chain(1, 10, ActivityChain.GENESIS);
        // Someone without the key hides more history: moves the checkpoint on, keeping the old signature ...
        Checkpoint real = signer.sign("acc-1", 4, all.get(3).hash(), AT);
        Checkpoint moved = new Checkpoint("acc-1", 6, all.get(5).hash(), real.prunedAt(), real.keyId(), real.signature());
        assertEquals(Optional.of(new Broken(6L, null, Reason.CHECKPOINT)), verify(moved, all.subList(6, 10), headOf(all)));
        // ... or signs with a key of their own.
        Checkpoint own = new CheckpointSigner(key(2)).sign("acc-1", 6, all.get(5).hash(), AT);
        assertEquals(Optional.of(new Broken(6L, null, Reason.CHECKPOINT)), verify(own, all.subList(6, 10), headOf(all)));
        Checkpoint garbage = new Checkpoint("acc-1", 6, all.get(5).hash(), AT, signer.keyId(), "not hex");
        assertEquals(Optional.of(new Broken(6L, null, Reason.CHECKPOINT)), verify(garbage, all.subList(6, 10), headOf(all)));
    }

    @Test
    void aValidCheckpointThatTheNextEntryDoesNotLinkToIsBroken() {
        List<Entry> all = chain(1, 10, ActivityChain.GENESIS);
        Checkpoint wrongHash = signer.sign("acc-1", 4, "f".repeat(64), AT);
        assertEquals(Optional.of(new Broken(4L, null, Reason.CHECKPOINT)), verify(wrongHash, all.subList(4, 10), headOf(all)));
    }

    @Test
    void theSignatureCoversEveryCheckpointField() {
        Checkpoint cp = signer.sign("acc-1", 4, "a".repeat(64), AT);
        assertTrue(signer.valid(cp));
        assertFalse(signer.valid(new Checkpoint("acc-2", 4, cp.hash(), cp.prunedAt(), cp.keyId(), cp.signature())));
        assertFalse(signer.valid(new Checkpoint("acc-1", 5, cp.hash(), cp.prunedAt(), cp.keyId(), cp.signature())));
        assertFalse(signer.valid(new Checkpoint("acc-1", 4, "b".repeat(64), cp.prunedAt(), cp.keyId(), cp.signature())));
        assertFalse(signer.valid(new Checkpoint("acc-1", 4, cp.hash(), cp.prunedAt().plusSeconds(1), cp.keyId(), cp.signature())));
    }
}
