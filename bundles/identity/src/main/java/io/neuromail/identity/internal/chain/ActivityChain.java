package io.neuromail.identity.internal.chain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash chain of an account's activity log. Each entry's hash is the SHA-256 of its canonical
 * form, which covers every stored field and the hash of the entry before it, so changing, removing
 * or moving an entry breaks the link to the next one.
 * <p>
 * The canonical form is a version tag followed by each field, in a fixed order, as a 4-byte
 * big-endian length and the field's UTF-8 bytes; an absent field is the length -1 with no bytes. No
 * field value can therefore run into the next one. Numbers are decimal text; the time is whole
 * microseconds since the epoch, the precision of a TIMESTAMP column on H2 and PostgreSQL, so the
 * value read back hashes like the value written.
 */
public final class ActivityChain {

    /** The previous hash of the first entry of a chain that has no checkpoint. */
    public static final String GENESIS = "0".repeat(64);

    private static final String ENTRY_TAG = "neuromail-activity-v1";
    private static final String CHECKPOINT_TAG = "neuromail-activity-checkpoint-v1";

    private ActivityChain() {
    }

    /** One entry as stored, with its place in the chain. */
    public record Entry(String accountId, long position, String id, long seq, String type, Instant occurredAt,
                        String userId, String apiKeyId, String ip, String userAgent, String details,
                        String prevHash, String hash) {

        /** The hash this entry ought to have, from its fields and its previous hash. */
        public String expectedHash() {
            return ActivityChain.hash(this);
        }

        /** This entry at {@code newPosition} after the entry with {@code previous}, with its hash. */
        public Entry placed(long newPosition, String previous) {
            Entry unhashed = new Entry(accountId, newPosition, id, seq, type, occurredAt, userId, apiKeyId, ip,
                    userAgent, details, previous, null);
            return new Entry(accountId, newPosition, id, seq, type, occurredAt, userId, apiKeyId, ip, userAgent,
                    details, previous, ActivityChain.hash(unhashed));
        }

        /** The same entry at another place in the chain (what reordering looks like). */
        public Entry at(long otherPosition) {
            return new Entry(accountId, otherPosition, id, seq, type, occurredAt, userId, apiKeyId, ip, userAgent,
                    details, prevHash, hash);
        }
    }

    /** Times are kept to the microsecond, which both databases store exactly. */
    public static Instant truncate(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /** The canonical bytes of {@code e} (its own {@code hash} is not part of them). */
    public static byte[] canonical(Entry e) {
        Writer w = new Writer(ENTRY_TAG);
        w.field(e.accountId());
        w.field(Long.toString(e.position()));
        w.field(e.id());
        w.field(Long.toString(e.seq()));
        w.field(e.type());
        w.field(e.occurredAt() == null ? null : Long.toString(micros(e.occurredAt())));
        w.field(e.userId());
        w.field(e.apiKeyId());
        w.field(e.ip());
        w.field(e.userAgent());
        w.field(e.details());
        w.field(e.prevHash());
        return w.bytes();
    }

    /** The hex SHA-256 of the entry's canonical form. */
    public static String hash(Entry e) {
        return HexFormat.of().formatHex(sha256().digest(canonical(e)));
    }

    /** The canonical bytes a checkpoint's signature covers. */
    public static byte[] canonical(Checkpoint c) {
        Writer w = new Writer(CHECKPOINT_TAG);
        w.field(c.accountId());
        w.field(Long.toString(c.position()));
        w.field(c.hash());
        w.field(Long.toString(micros(c.prunedAt())));
        return w.bytes();
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Writer(String tag) {
            field(tag);
        }

        void field(String value) {
            if (value == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
