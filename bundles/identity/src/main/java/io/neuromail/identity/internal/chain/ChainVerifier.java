package io.neuromail.identity.internal.chain;

import java.util.Optional;
import java.util.function.Predicate;

import io.neuromail.identity.internal.chain.ActivityChain.Entry;

/**
 * Walks one account's chain in position order, an entry at a time (the caller reads them in pages),
 * and finds the first broken link:
 * <ul>
 * <li>{@link Reason#CHECKPOINT}: the checkpoint's signature does not verify with the operator's key,
 *     or the first entry after it does not link to it;</li>
 * <li>{@link Reason#MISSING}: a position has no entry (deleted), also at the end, against the head;</li>
 * <li>{@link Reason#OUT_OF_ORDER}: the entry at a position links to an entry of the chain that is not
 *     the one before it (entries were moved);</li>
 * <li>{@link Reason#EDITED}: an entry's fields no longer give its hash, or an entry was rehashed after
 *     a change so that the next one, or the head, no longer links to it.</li>
 * </ul>
 * Not thread-safe: one walk per instance.
 */
public final class ChainVerifier {

    /** Why a link is broken; {@link #wire()} is the API's word. */
    public enum Reason {
        EDITED("edited"), MISSING("missing"), OUT_OF_ORDER("out-of-order"), CHECKPOINT("checkpoint"),
        /** An entry with no place in the chain: added behind the log's back. */
        UNCHAINED("unchained");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** The first broken link: its position (null for an unchained entry), the entry there if any, and why. */
    public record Broken(Long position, String entryId, Reason reason) {
    }

    /** The account's head as read before the walk: the last position and its hash. */
    public record Head(long position, String hash) {
    }

    private final Checkpoint checkpoint;
    private final Predicate<String> hashInChain;
    private long nextPosition;
    private String previousHash;
    private String previousId;
    private long entries;
    private Broken broken;

    /**
     * @param checkpoint  the account's checkpoint, or null when nothing was pruned
     * @param signer      checks the checkpoint's signature
     * @param hashInChain whether an entry of the account has this hash (tells moved entries from edited ones)
     */
    public ChainVerifier(Checkpoint checkpoint, CheckpointSigner signer, Predicate<String> hashInChain) {
        this.checkpoint = checkpoint;
        this.hashInChain = hashInChain;
        if (checkpoint == null) {
            nextPosition = 1;
            previousHash = ActivityChain.GENESIS;
        } else {
            nextPosition = checkpoint.position() + 1;
            previousHash = checkpoint.hash();
            if (!signer.valid(checkpoint)) {
                broken = new Broken(checkpoint.position(), null, Reason.CHECKPOINT);
            }
        }
    }

    /** The position the walk starts after: the checkpoint's, or 0. */
    public long startsAfter() {
        return checkpoint == null ? 0 : checkpoint.position();
    }

    /** The first broken link found so far. */
    public Optional<Broken> broken() {
        return Optional.ofNullable(broken);
    }

    /** Entries checked and found linked. */
    public long entries() {
        return entries;
    }

    /** Checks the next entry in position order; false once a broken link is found (then stop). */
    public boolean next(Entry e) {
        if (broken != null) {
            return false;
        }
        if (e.position() > nextPosition) {
            broken = new Broken(nextPosition, null, Reason.MISSING);
            return false;
        }
        boolean linked = previousHash.equals(e.prevHash());
        boolean moved = !linked && e.prevHash() != null && hashInChain.test(e.prevHash());
        if (e.position() < nextPosition || !e.expectedHash().equals(e.hash())) {
            broken = new Broken(nextPosition, e.id(), moved ? Reason.OUT_OF_ORDER : Reason.EDITED);
            return false;
        }
        if (!linked) {
            broken = moved ? new Broken(nextPosition, e.id(), Reason.OUT_OF_ORDER) : beforeIsBroken();
            return false;
        }
        entries++;
        nextPosition++;
        previousHash = e.hash();
        previousId = e.id();
        return true;
    }

    /** Ends the walk against the head read before it (null when the account has none). */
    public Optional<Broken> finish(Head head) {
        if (broken == null && head != null) {
            long last = nextPosition - 1;
            if (head.position() > last) {
                broken = new Broken(nextPosition, null, Reason.MISSING);
            } else if (head.position() == last && !head.hash().equals(previousHash)) {
                broken = beforeIsBroken();
            }
        }
        return broken();
    }

    /** The entry before the current place was changed and rehashed: it, or the checkpoint, is the broken one. */
    private Broken beforeIsBroken() {
        long before = nextPosition - 1;
        if (previousId == null) {
            return checkpoint == null ? new Broken(nextPosition, null, Reason.EDITED)
                    : new Broken(before, null, Reason.CHECKPOINT);
        }
        return new Broken(before, previousId, Reason.EDITED);
    }
}
