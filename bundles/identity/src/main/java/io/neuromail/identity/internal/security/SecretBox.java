package io.neuromail.identity.internal.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts small secrets for the database (the TOTP secrets) with AES-256-GCM under a key that the
 * operator keeps outside it, in Karaf's {@code etc/}. Each value gets a fresh 96-bit nonce, and is
 * bound to what it belongs to (the associated data, e.g. the user id), so a value copied to another
 * row does not decrypt. The stored form is {@code v1.<key id>.<base64url(nonce | ciphertext | tag)>};
 * the key id (the first 8 hex digits of the key's SHA-256) tells a wrong key apart from a damaged value.
 */
public final class SecretBox {

    public static final int KEY_BYTES = OperatorKeys.KEY_BYTES;
    private static final String WHAT = "two-factor key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String PREFIX = "v1.";

    private final SecretKeySpec key;
    private final String keyId;

    public SecretBox(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = HexFormat.of().formatHex(Secrets.sha256().digest(key), 0, 4);
    }

    /** What identifies the key (not the key): 8 hex digits of its SHA-256, safe to log. */
    public String keyId() {
        return keyId;
    }

    public String seal(byte[] plaintext, String associatedData) {
        byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * @throws IllegalStateException when the value was sealed with another key, for other associated
     *                               data, or was changed
     */
    public byte[] open(String sealed, String associatedData) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
        if (parts.length != 3 || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed value");
        }
        if (!parts[1].equals(keyId)) {
            throw new IllegalStateException("the value was sealed with another key (" + parts[1] + "), not with "
                    + keyId + ": is the two-factor key in etc/ the one it was made with?");
        }
        byte[] in = Base64.getUrlDecoder().decode(parts[2]);
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("the sealed value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the sealed value was changed or belongs to something else");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** A key file read, or made because there was none. */
    public record KeyFile(SecretBox box, boolean created) {
    }

    /**
     * Reads the key from {@code file} (its Base64 on one line; text after it is ignored), or, when
     * the file does not exist, makes a new random key and writes it there, readable by the owner only.
     */
    public static KeyFile fromFile(Path file) {
        OperatorKeys.Loaded loaded = OperatorKeys.readOrCreate(file, WHAT);
        return new KeyFile(new SecretBox(loaded.key()), loaded.created());
    }

    /** A key given as Base64 text (the configuration's own value). */
    public static SecretBox fromText(String base64, String where) {
        return new SecretBox(OperatorKeys.parse(base64, where, WHAT));
    }
}
