package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    private static final byte[] SECRET = "a TOTP secret of 20b".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealedValuesOpenWithTheSameKeyAndAssociatedData() {
        SecretBox box = new SecretBox(Secrets.randomBytes(SecretBox.KEY_BYTES));
        String sealed = box.seal(SECRET, "user-1");
        assertTrue(sealed.startsWith("v1." + box.keyId() + "."), sealed);
        assertFalse(sealed.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET)));
        assertArrayEquals(SECRET, box.open(sealed, "user-1"));
        assertNotEquals(sealed, box.seal(SECRET, "user-1"), "every value has its own nonce");
    }

    @Test
    void aValueDoesNotOpenForAnotherUserWithAnotherKeyOrChanged() {
        SecretBox box = new SecretBox(Secrets.randomBytes(SecretBox.KEY_BYTES));
        String sealed = box.seal(SECRET, "user-1");
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "user-2"));
        SecretBox other = new SecretBox(Secrets.randomBytes(SecretBox.KEY_BYTES));
        IllegalStateException wrongKey = assertThrows(IllegalStateException.class, () -> other.open(sealed, "user-1"));
        assertTrue(wrongKey.getMessage().contains("another key"), wrongKey.getMessage());
        char[] chars = sealed.toCharArray();
        int last = chars.length - 1;
        chars[last] = chars[last] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> box.open(new String(chars), "user-1"));
        assertThrows(IllegalStateException.class, () -> box.open("v1." + box.keyId() + ".AAAA", "user-1"));
        assertThrows(IllegalStateException.class, () -> box.open("not sealed", "user-1"));
    }

    @Test
    void aMissingKeyFileIsMadeReadableByItsOwnerOnlyAndReadBackTheNextTime(@TempDir Path etc) throws IOException {
        Path file = etc.resolve("neuromail/two-factor.key");
        SecretBox.KeyFile made = SecretBox.fromFile(file);
        assertTrue(made.created());
        assertEquals(44, Files.readString(file).strip().length(), "Base64 of 32 bytes");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        String sealed = made.box().seal(SECRET, "user-1");

        SecretBox.KeyFile again = SecretBox.fromFile(file);
        assertFalse(again.created());
        assertEquals(made.box().keyId(), again.box().keyId());
        assertArrayEquals(SECRET, again.box().open(sealed, "user-1"));
    }

    @Test
    void aKeyOfTheWrongSizeOrNotBase64IsRefusedWithoutShowingIt(@TempDir Path etc) throws IOException {
        Path file = etc.resolve("short.key");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        Files.writeString(file, shortKey + "\n");
        IllegalStateException tooShort = assertThrows(IllegalStateException.class, () -> SecretBox.fromFile(file));
        assertFalse(tooShort.getMessage().contains(shortKey), tooShort.getMessage());
        assertThrows(IllegalStateException.class, () -> SecretBox.fromText("not base64 at all!", "test"));
        assertEquals(new SecretBox(new byte[32]).keyId(),
                SecretBox.fromText(Base64.getEncoder().encodeToString(new byte[32]), "test").keyId());
    }
}
