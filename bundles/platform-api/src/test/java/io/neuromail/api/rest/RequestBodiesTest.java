package io.neuromail.api.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    @Test
    void aDeclaredLengthOverTheLimitIsRefused() {
        assertEquals(413, assertThrows(ApiException.class, () -> RequestBodies.checkLength("2049", 2048)).status());
        RequestBodies.checkLength("2048", 2048);
        RequestBodies.checkLength(null, 2048);
        RequestBodies.checkLength("not a number", 2048);
    }

    @Test
    void aBoundedBodyReadsUpToTheLimitAndFailsPastIt() throws Exception {
        InputStream within = RequestBodies.bounded(new ByteArrayInputStream(new byte[100]), 100);
        assertArrayEquals(new byte[100], within.readAllBytes());
        assertFalse(RequestBodies.exceeded(within));

        InputStream over = RequestBodies.bounded(new ByteArrayInputStream(new byte[101]), 100);
        ApiException e = assertThrows(ApiException.class, over::readAllBytes);
        assertEquals("The request body may have at most 100 bytes", e.detail());
        assertTrue(RequestBodies.exceeded(over));
        assertThrows(ApiException.class, over::read);
    }
}
