package io.neuromail.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void pageAndSizeHaveDefaults() {
        assertEquals(new PageRequest(0, 50, 0), PageRequest.of(null, null));
        assertEquals(new PageRequest(3, 20, 60), PageRequest.of("3", " 20 "));
    }

    @Test
    void limitAndOffsetStillWorkAsSizeAndItemsToSkip() {
        assertEquals(new PageRequest(2, 10, 25), PageRequest.of(null, null, "10", "25", 50, 500));
        assertEquals(new PageRequest(0, 10, 0), PageRequest.of(null, null, "10", null, 50, 500));
        assertEquals(new PageRequest(1, 50, 50), PageRequest.of(null, null, null, "50", 50, 500));
    }

    @Test
    void aBadNumberIsA422NamingTheParameterTheClientUsed() {
        assertEquals("size", field(() -> PageRequest.of(null, "0")));
        assertEquals("size", field(() -> PageRequest.of(null, "501")));
        assertEquals("size", field(() -> PageRequest.of(null, "abc")));
        assertEquals("page", field(() -> PageRequest.of("-1", null)));
        assertEquals("page", field(() -> PageRequest.of("99999999999999", null)));
        assertEquals("limit", field(() -> PageRequest.of(null, null, "0", null, 50, 500)));
        assertEquals("offset", field(() -> PageRequest.of(null, null, "10", "-5", 50, 500)));
        assertEquals("limit", field(() -> PageRequest.of(null, "10", "10", null, 50, 500)));
        assertEquals("offset", field(() -> PageRequest.of("1", null, null, "10", 50, 500)));
        assertEquals("size", field(() -> PageRequest.of(null, "201", null, null, 50, 200)));
    }

    @Test
    void aPageCarriesItsRequestAndTheTotal() {
        Page<String> page = Page.of(List.of("a", "b"), 12, PageRequest.of("5", "2"));
        assertEquals(new Page<>(List.of("a", "b"), 12, 5, 2), page);
    }

    private static String field(org.junit.jupiter.api.function.Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(422, e.status());
        assertEquals(1, e.fieldErrors().size());
        return e.fieldErrors().get(0).field();
    }
}
