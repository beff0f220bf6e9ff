package io.neuromail.filters.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
