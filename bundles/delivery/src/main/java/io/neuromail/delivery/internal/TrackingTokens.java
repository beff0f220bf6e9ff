package io.neuromail.delivery.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens of open pixels and click links: a key number, the ledger row's id, the send's id and the
 * link number in binary, then an HMAC-SHA256 of them truncated to 128 bits, all in base64url (68
 * characters). The ids make a hit known without a database look-up; the MAC proves NeuroMail made
 * the address. The key number lets a later key take over while tokens of the old one still resolve.
 */
final class TrackingTokens {

    /** The link number of the open pixel in a token. */
    static final int OPEN = 0xFFFF;
    /** Characters of every token. */
    static final int LENGTH = 68;

    private static final int KEY_ID = 1;
    private static final int MAC_BYTES = 16;
    private static final int DATA_BYTES = 1 + 16 + 16 + 2;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What a valid token names. */
    record Parsed(String deliveryId, String sendId, int link) {
        boolean open() {
            return link == OPEN;
        }
    }

    private final ThreadLocal<Mac> macs;

    TrackingTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the tracking secret needs at least 16 bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        // A message has a token per link: one Mac per thread, not a provider look-up per token.
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /**
     * The token of one row's link ({@link #OPEN} for its pixel); empty when an id is not in the UUID
     * form every NeuroMail ledger row and send has.
     */
    Optional<String> token(String deliveryId, String sendId, int link) {
        Optional<UUID> row = uuid(deliveryId);
        Optional<UUID> send = uuid(sendId);
        if (row.isEmpty() || send.isEmpty() || link < 0 || link > OPEN) {
            return Optional.empty();
        }
        ByteBuffer data = ByteBuffer.allocate(DATA_BYTES + MAC_BYTES);
        data.put((byte) KEY_ID);
        data.putLong(row.get().getMostSignificantBits()).putLong(row.get().getLeastSignificantBits());
        data.putLong(send.get().getMostSignificantBits()).putLong(send.get().getLeastSignificantBits());
        data.putShort((short) link);
        data.put(mac(data.array(), DATA_BYTES));
        return Optional.of(ENCODER.encodeToString(data.array()));
    }

    /** What {@code token} names, when NeuroMail made it with this key and nothing in it was changed. */
    Optional<Parsed> parse(String token) {
        if (token == null || token.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != DATA_BYTES + MAC_BYTES || raw[0] != KEY_ID
                || !MessageDigest.isEqual(mac(raw, DATA_BYTES), Arrays.copyOfRange(raw, DATA_BYTES, raw.length))
                // base64 leaves spare bits in the last character: only the one encoding of the bytes passes.
                || !ENCODER.encodeToString(raw).equals(token)) {
            return Optional.empty();
        }
        ByteBuffer data = ByteBuffer.wrap(raw, 1, DATA_BYTES - 1);
        UUID row = new UUID(data.getLong(), data.getLong());
        UUID send = new UUID(data.getLong(), data.getLong());
        int link = data.getShort() & 0xFFFF;
        return Optional.of(new Parsed(row.toString(), send.toString(), link));
    }

    private byte[] mac(byte[] data, int length) {
        Mac mac = macs.get();
        mac.update(data, 0, length);
        return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    }

    /** The UUID of an id in the canonical lower-case form, or empty for any other text. */
    private static Optional<UUID> uuid(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID u = UUID.fromString(id);
            return u.toString().equals(id) ? Optional.of(u) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
