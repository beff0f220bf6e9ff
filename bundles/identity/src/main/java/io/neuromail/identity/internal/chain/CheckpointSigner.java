package io.neuromail.identity.internal.chain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.neuromail.identity.internal.security.OperatorKeys;

/**
 * Signs and checks checkpoints with HMAC-SHA256 under the operator's checkpoint key (kept in
 * {@code etc/}, not in the database): someone who can write the database but not read that file
 * cannot make a checkpoint that verifies, so cannot hide pruned-away history behind one.
 */
public final class CheckpointSigner {

    private final SecretKeySpec key;
    private final String keyId;

    public CheckpointSigner(byte[] key) {
        if (key == null || key.length != OperatorKeys.KEY_BYTES) {
            throw new IllegalArgumentException("the checkpoint key must be " + OperatorKeys.KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        try {
            this.keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** What identifies the key (not the key): 8 hex digits of its SHA-256, safe to log. */
    public String keyId() {
        return keyId;
    }

    /** A signed checkpoint after the entry at {@code position} with {@code hash}. */
    public Checkpoint sign(String accountId, long position, String hash, Instant prunedAt) {
        Instant at = ActivityChain.truncate(prunedAt);
        Checkpoint unsigned = new Checkpoint(accountId, position, hash, at, keyId, null);
        return new Checkpoint(accountId, position, hash, at, keyId, mac(unsigned));
    }

    /** Whether {@code c} was signed with this key and not changed since. */
    public boolean valid(Checkpoint c) {
        if (c.signature() == null || !keyId.equals(c.keyId())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(c.signature());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(HexFormat.of().parseHex(mac(c)), given);
    }

    private String mac(Checkpoint c) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(ActivityChain.canonical(c)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
