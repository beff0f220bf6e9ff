package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PublicAddressServiceTest {

    @Test
    void keepsAbsoluteHttpAddressesWithoutTrailingSlashAndRefusesAnythingElse() {
        assertEquals("https://mail.example.com", PublicAddressService.normalise(" https://mail.example.com/ "));
        assertEquals("http://localhost:8181/nm", PublicAddressService.normalise("http://localhost:8181/nm//"));
        assertEquals("", PublicAddressService.normalise(""));
        assertEquals("", PublicAddressService.normalise("mail.example.com"));
        assertEquals("", PublicAddressService.normalise("javascript:alert(1)"));
        assertEquals("", PublicAddressService.normalise("ftp://mail.example.com"));
        assertEquals("", PublicAddressService.normalise("https://mail.example.com/?a=b"));
        assertEquals("", PublicAddressService.normalise("https://user@mail.example.com"));
        assertEquals("", PublicAddressService.normalise("https://mail.example.com/#x"));
    }
}
