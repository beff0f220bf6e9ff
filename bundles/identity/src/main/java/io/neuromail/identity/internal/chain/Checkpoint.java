package io.neuromail.identity.internal.chain;

import java.time.Instant;

/**
 * Where an account's chain starts after pruning: the position and hash of the last pruned entry,
 * when it was pruned, and the signature of these with the operator's checkpoint key.
 */
public record Checkpoint(String accountId, long position, String hash, Instant prunedAt, String keyId,
                         String signature) {
}
