package io.neuromail.filters.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.api.rest.ApiException;
import io.neuromail.filter.api.Email;
import io.neuromail.filters.internal.rest.Views.CheckRequest;

class ContentRequestTest {

    @Test
    void aMessageNeedsAPart() {
        ApiException e = assertThrows(ApiException.class, () -> ContentResource.email(new CheckRequest("s", null, null, " ", null, null)));
        assertEquals(422, e.status());
        assertEquals(List.of("html"), e.fieldErrors().stream().map(ApiException.FieldError::field).toList());
    }

    @Test
    void everyOversizedFieldIsNamed() {
        String big = "x".repeat(ContentResource.MAX_PART_CHARS + 1);
        ApiException e = assertThrows(ApiException.class, () -> ContentResource.email(
                new CheckRequest("s".repeat(999), "f".repeat(321), null, big, big, Map.of("Bad Name", "v"))));
        assertEquals(List.of("html", "text", "subject", "from", "headers"),
                e.fieldErrors().stream().map(ApiException.FieldError::field).toList());
    }

    @Test
    void blankPartsAreAbsent() {
        Email email = ContentResource.email(new CheckRequest(null, null, null, "<p>x</p>", "", null));
        assertNull(email.text());
        assertEquals("", email.subject());
        assertEquals(400, assertThrows(ApiException.class, () -> ContentResource.email(null)).status());
    }

    @Test
    void aRawMessageIsLimitedTo5MegabytesAndMustNotBeEmpty() {
        byte[] tooBig = new byte[ContentResource.MAX_MESSAGE_BYTES + 1];
        ApiException e = assertThrows(ApiException.class, () -> ContentResource.read(new ByteArrayInputStream(tooBig)));
        assertEquals(413, e.status());
        assertEquals("The raw message may have at most 5242880 bytes (5 MB)", e.detail());
        assertEquals(ContentResource.MAX_MESSAGE_BYTES,
                ContentResource.read(new ByteArrayInputStream(new byte[ContentResource.MAX_MESSAGE_BYTES])).length);
        ApiException empty = assertThrows(ApiException.class, () -> ContentResource.read(new ByteArrayInputStream(new byte[0])));
        assertEquals(422, empty.status());
        assertEquals(List.of("message"), empty.fieldErrors().stream().map(ApiException.FieldError::field).toList());
    }

    @Test
    void anUnreadableRawMessageIsA422OnMessage() {
        ApiException e = assertThrows(ApiException.class,
                () -> ContentResource.rawEmail("just some words\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(422, e.status());
        assertEquals("message", e.fieldErrors().get(0).field());
        assertEquals(true, e.detail().startsWith("No message headers found"), e.detail());
    }

    @Test
    void aRawMessageIsValidatedLikeJson() {
        String eml = "Subject: " + "s".repeat(1000) + "\r\nContent-Type: text/plain\r\n\r\nHello\r\n";
        ApiException e = assertThrows(ApiException.class, () -> ContentResource.rawEmail(eml.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of("subject"), e.fieldErrors().stream().map(ApiException.FieldError::field).toList());
    }
}
