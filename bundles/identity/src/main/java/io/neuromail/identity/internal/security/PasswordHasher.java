package io.neuromail.identity.internal.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes and verifies user passwords with bcrypt (BouncyCastle's {@link OpenBSDBCrypt}).
 *
 * <h2>Stored format</h2>
 * The standard modular-crypt string {@code $2b$<cost>$<22 chars salt><31 chars hash>}, 60
 * characters, with a fresh 128-bit salt from {@link SecureRandom} for every hash.
 *
 * <h2>Pre-hashing, and why</h2>
 * bcrypt reads at most 72 bytes of input and silently ignores the rest, so two long passphrases
 * sharing their first 72 bytes would both unlock the same account; with UTF-8 a 24-character
 * password in a non-Latin script already reaches that limit. So bcrypt does not get the password
 * itself but {@code base64(HMAC-SHA-384(key = "neuromail/password/v1", NFKC(password)))}:
 * <ul>
 * <li>every password, of any length and script, becomes 64 ASCII characters, under the limit, and
 * all of its bytes count;</li>
 * <li>base64 rather than the raw digest because a raw digest may contain NUL bytes, which many
 * bcrypt implementations take as the end of the input, and that would make the stored hashes
 * unportable and weaker;</li>
 * <li>HMAC with a fixed, public, NeuroMail-specific key rather than a bare SHA-384: the key is not
 * a secret, it separates our inputs from plain SHA-384 digests, so hashes leaked from some other
 * service that stored unsalted SHA-384 cannot be fed straight into ours ("password shucking");
 * </li>
 * <li>NFKC normalisation (NIST SP 800-63B §5.1.1.2) so that the same password typed on two
 * keyboards that compose accents differently still matches.</li>
 * </ul>
 * The bcrypt cost and salt then do all the work that makes guessing slow; the pre-hash adds
 * neither strength nor weakness to that. The consequence: these hashes verify only through this
 * class, never with a plain bcrypt library.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PasswordHasher {

    /** The cost used unless configured otherwise: about 0.2 s per hash on a 2020s server core. */
    public static final int DEFAULT_COST = 12;

    /** The lowest cost production code may configure: OWASP asks for at least 10, we keep a margin. */
    public static final int MIN_COST = 12;

    /** bcrypt's own ceiling: 2^31 rounds. */
    public static final int MAX_COST = 31;

    /**
     * Far beyond {@link PasswordPolicy#MAX_LENGTH} in UTF-16 units, so no password a user could
     * have set is affected; the cap keeps a login request with a megabyte "password" from costing
     * us a megabyte of normalising and hashing.
     */
    public static final int MAX_PASSWORD_CHARS = 1024;

    /** BouncyCastle refuses costs under this; only tests go that low, to run fast. */
    static final int MIN_TEST_COST = 4;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);

    private static final String VERSION = "2b";
    private static final int SALT_BYTES = 16;
    private static final String HMAC = "HmacSHA384";
    private static final byte[] PRE_HASH_KEY = "neuromail/password/v1".getBytes(StandardCharsets.US_ASCII);

    /* Only what OpenBSD bcrypt writes: version, two-digit cost, 53 characters of its base64. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private final int cost;
    private final SecureRandom random;
    private final String dummyHash;

    /** A hasher at the {@link #DEFAULT_COST default cost}. */
    public PasswordHasher() {
        this(DEFAULT_COST);
    }

    /**
     * A hasher at the given cost, {@value #MIN_COST} to {@value #MAX_COST}; each step doubles the
     * time a hash takes. Raise it as hardware gets faster: {@link #needsRehash(String)} then
     * upgrades every user at their next login.
     */
    public PasswordHasher(int cost) {
        this(requireRange(cost, MIN_COST), Secrets.RANDOM);
    }

    /** Lets tests hash at low cost; production goes through the public constructors. */
    PasswordHasher(int cost, SecureRandom random) {
        this.cost = requireRange(cost, MIN_TEST_COST);
        this.random = Objects.requireNonNull(random, "random");
        this.dummyHash = dummyHash(cost, random);
    }

    /**
     * A well-formed hash at the configured cost that no password matches, so verifyDummy() runs
     * exactly the work verify() runs for an existing user: bcrypt's work is set by the cost and salt
     * in the string, not by whether the stored digest is right. The string is made at the lowest cost
     * and then given the configured one, so start-up does not spend a full-cost hash (a quarter of a
     * second of a core at cost 12, several times that before the JIT has warmed up) on it, and the
     * first login attempt for an unknown email is still not the slow one.
     */
    private static String dummyHash(int cost, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] input = Secrets.newToken(32).getBytes(StandardCharsets.US_ASCII);
        String cheap = OpenBSDBCrypt.generate(VERSION, input, salt, MIN_TEST_COST);
        return String.format("$%s$%02d$%s", VERSION, cost, cheap.substring(7));
    }

    /** The hash {@link #verifyDummy} checks against (for tests of its cost). */
    String dummyHash() {
        return dummyHash;
    }

    /** The configured cost. */
    public int cost() {
        return cost;
    }

    /**
     * Hashes a password with a fresh salt.
     *
     * @param password the password, at most {@value #MAX_PASSWORD_CHARS} chars; the caller may
     *                 wipe the array afterwards
     * @return the 60-character string to store
     */
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_CHARS + " chars");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] input = preHash(password);
        try {
            return OpenBSDBCrypt.generate(VERSION, input, salt, cost);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Checks a password against a stored hash.
     *
     * @return {@code true} only if it matches; {@code false} when it does not, and also when the
     *         password is {@code null} or longer than {@value #MAX_PASSWORD_CHARS} chars (no such
     *         password can have been hashed), or the stored value is not a bcrypt hash this class
     *         could have written (a damaged row must lock its user out, not break the login
     *         endpoint)
     */
    public boolean verify(char[] password, String stored) {
        if (password == null || password.length > MAX_PASSWORD_CHARS || !isWellFormed(stored)) {
            return false;
        }
        byte[] input = preHash(password);
        try {
            return OpenBSDBCrypt.checkPassword(stored, input);
        } catch (IllegalArgumentException e) {
            // isWellFormed() should have caught every value BouncyCastle refuses; if one slips
            // through, the answer is still "no", but someone should look at the row.
            LOG.warn("Stored password hash rejected by bcrypt: {}", e.getMessage());
            return false;
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Spends the time of a {@link #verify(char[], String) verify} without anything to verify
     * against. Call it when a login names an email with no user, so that the response time does
     * not tell an attacker which emails have accounts.
     */
    public void verifyDummy(char[] password) {
        // A null password must cost the same too: the caller's timing should not depend on input.
        verify(password == null ? new char[0] : password, dummyHash);
    }

    /**
     * Whether a stored hash should be replaced by {@link #hash(char[])} of the password the user
     * just logged in with: when it was made at a lower cost than configured, or is not a hash we
     * can read at all (replacing it is the only way to repair it).
     */
    public boolean needsRehash(String stored) {
        if (!isWellFormed(stored)) {
            return true;
        }
        return costOf(stored) < cost;
    }

    private static boolean isWellFormed(String stored) {
        if (stored == null) {
            return false;
        }
        Matcher m = BCRYPT.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        int storedCost = Integer.parseInt(m.group(1));
        return storedCost >= MIN_TEST_COST && storedCost <= MAX_COST;
    }

    private static int costOf(String wellFormed) {
        return Integer.parseInt(wellFormed.substring(4, 6));
    }

    /** See the class comment for why. Returns 64 ASCII bytes, which the caller must wipe. */
    private static byte[] preHash(char[] password) {
        byte[] utf8 = utf8(normalize(password));
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(PRE_HASH_KEY, HMAC));
            byte[] digest = mac.doFinal(utf8);
            byte[] encoded = Base64.getEncoder().encode(digest);
            Arrays.fill(digest, (byte) 0);
            return encoded;
        } catch (GeneralSecurityException e) {
            // HmacSHA384 is a required algorithm of every Java platform (Mac javadoc).
            throw new IllegalStateException(HMAC + " is not available", e);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /*
     * Most passwords are already in NFKC (all ASCII ones are), and then no String copy of the
     * password is made. When one is needed it lives only until the next GC; the request body the
     * password arrived in was a String anyway.
     */
    private static CharSequence normalize(char[] password) {
        CharBuffer chars = CharBuffer.wrap(password);
        if (Normalizer.isNormalized(chars, Normalizer.Form.NFKC)) {
            return chars;
        }
        return Normalizer.normalize(chars, Normalizer.Form.NFKC);
    }

    private static byte[] utf8(CharSequence chars) {
        try {
            // REPLACE, not the default REPORT: an unpaired surrogate must still hash, and hash the
            // same way every time, rather than lock its owner out with an exception.
            ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .encode(CharBuffer.wrap(chars));
            byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
            Arrays.fill(buffer.array(), (byte) 0);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 encoding with REPLACE cannot fail", e);
        }
    }

    private static int requireRange(int cost, int min) {
        if (cost < min || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be " + min + " to " + MAX_COST + ", was " + cost);
        }
        return cost;
    }
}
