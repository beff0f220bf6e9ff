package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.neuromail.identity.internal.chain.CheckpointSigner;

/** The checkpoint key: from its file in etc/, made when missing, or given in the configuration. */
class ActivityChainKeyTest {

    @Test
    void aMissingKeyFileIsMadeOnceAndReadAfterwards(@TempDir Path etc) throws Exception {
        Path file = etc.resolve("neuromail/activity-checkpoint.key");
        IdentityConfig config = IdentityServiceTest.config(Map.of("activityCheckpoint_keyFile", file.toString()));
        CheckpointSigner made = ActivityChainService.loadKey(config);
        assertTrue(Files.exists(file));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).strip()).length);
        assertEquals(made.keyId(), ActivityChainService.loadKey(config).keyId());
    }

    @Test
    void aKeyInTheConfigurationWinsOverTheFile(@TempDir Path etc) {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        IdentityConfig config = IdentityServiceTest.config(Map.of("activityCheckpoint_keyFile",
                etc.resolve("unused.key").toString(), "activityCheckpoint_key", key));
        assertEquals(new CheckpointSigner(new byte[32]).keyId(), ActivityChainService.loadKey(config).keyId());
        assertTrue(Files.notExists(etc.resolve("unused.key")));
        assertNotEquals(new CheckpointSigner(new byte[32]).keyId(), new CheckpointSigner(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}).keyId());
    }

    @Test
    void aShortKeyIsRefusedWithWhatIsNeeded(@TempDir Path etc) {
        IdentityConfig config = IdentityServiceTest.config(Map.of("activityCheckpoint_key", "c2hvcnQ="));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ActivityChainService.loadKey(config));
        assertTrue(refused.getMessage().contains("activity checkpoint key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("32 bytes"), refused.getMessage());
    }
}
