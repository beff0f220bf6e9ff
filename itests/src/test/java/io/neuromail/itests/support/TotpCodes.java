package io.neuromail.itests.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app does with the secret NeuroMail shows: RFC 6238 codes (HMAC-SHA1,
 * 30-second steps, 6 digits) from the Base32 text. Written here from the RFCs, apart from the server's
 * library, so that the tests check NeuroMail against an independent implementation.
 */
public final class TotpCodes {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private TotpCodes() {
    }

    /** The 30-second step of now, as the server counts it. */
    public static long stepNow() {
        return Instant.now().getEpochSecond() / 30;
    }

    /** The code of a step (RFC 4226 §5.3 dynamic truncation, 6 digits). */
    public static String code(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A six-digit code that is none of the three the server accepts around {@code step}. */
    public static String wrongCode(String base32Secret, long step) {
        for (int n = 0; ; n++) {
            String candidate = String.format(Locale.ROOT, "%06d", n);
            if (!candidate.equals(code(base32Secret, step - 1)) && !candidate.equals(code(base32Secret, step))
                    && !candidate.equals(code(base32Secret, step + 1)) && !candidate.equals(code(base32Secret, step + 2))) {
                return candidate;
            }
        }
    }

    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
