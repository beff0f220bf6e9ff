package io.neuromail.sender.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;

/** The outbox folder: whole files, per account, and no way out of the account's folder. */
class OutboxTest {

    @TempDir
    Path root;

    @Test
    void aMessageIsStoredWholeUnderItsAccountAndItsNameIsTheProviderId() throws Exception {
        OutboxSender sender = new OutboxSender(new Outbox(root), new SenderLimits(50, 1000));
        String row = UUID.randomUUID().toString();
        byte[] mime = "To: a@example.org\r\nSubject: x\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII);
        SendResult result = sender.send(new OutgoingMessage("acct-1", row, "f@example.com", "a@example.org", mime));
        String id = ((SendResult.Accepted) result).providerMessageId();
        assertTrue(id.endsWith("-" + row + ".eml"), id);
        Outbox outbox = sender.outbox();
        assertArrayEquals(mime, outbox.read(outbox.find("acct-1", id).orElseThrow()));
        assertEquals(1, outbox.list("acct-1").size());
        try (var files = Files.list(root.resolve("acct-1"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void anotherAccountsMessageAndTraversalAreNotFound() throws Exception {
        Outbox outbox = new Outbox(root);
        String id = outbox.store("acct-1", UUID.randomUUID().toString(), 1_700_000_000_000L, new byte[] {1});
        assertTrue(outbox.find("acct-1", id).isPresent());
        assertTrue(outbox.find("acct-2", id).isEmpty());
        assertTrue(outbox.find("acct-2", "../acct-1/" + id).isEmpty());
        assertTrue(outbox.find("acct-2", "..").isEmpty());
        assertTrue(outbox.find("acct-2", "1700000000000-x.eml/../../acct-1/" + id).isEmpty());
        assertTrue(outbox.list("acct-2").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> outbox.list("../acct-1"));
        assertThrows(IllegalArgumentException.class, () -> outbox.store("acct-1", "../x", 1L, new byte[0]));
    }
}
