package io.neuromail.delivery.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens of List-Unsubscribe links: the ledger row's id and an HMAC-SHA256 over account, send, row
 * and recipient with a server secret. The id finds the row; the MAC proves NeuroMail made the link,
 * so no one can unsubscribe someone else by guessing.
 */
public final class UnsubscribeTokens {

    private final byte[] secret;

    public UnsubscribeTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the unsubscribe secret needs at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    /** The token of one ledger row. */
    public String token(String accountId, String sendId, String deliveryId, String recipient) {
        return deliveryId + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(accountId, sendId, deliveryId, recipient));
    }

    /**
     * Whether {@code token} is the one made for the row: compared as text, in constant time, so only
     * the one encoding of its MAC passes (base64 leaves spare bits in its last character; a token that
     * differs only there is refused like any other altered token).
     */
    public boolean verify(String token, String accountId, String sendId, String recipient) {
        Optional<String> id = deliveryId(token);
        if (id.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token(accountId, sendId, id.get(), recipient).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The ledger row id part of a token, when it is well-formed. */
    public static Optional<String> deliveryId(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(token.substring(0, dot));
    }

    private byte[] mac(String accountId, String sendId, String deliveryId, String recipient) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String data = accountId + "\n" + sendId + "\n" + deliveryId + "\n" + recipient.toLowerCase();
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
