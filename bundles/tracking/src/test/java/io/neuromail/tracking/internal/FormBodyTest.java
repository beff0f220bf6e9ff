package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void readsUrlEncodedForms() throws Exception {
        assertEquals(Map.of("List-Unsubscribe", "One-Click"),
                parse("application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"));
        assertEquals(Map.of("action", "undo", "note", "a b&c"),
                parse("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "action=undo&note=a+b%26c&action=unsubscribe"));
        assertEquals(Map.of(), parse("application/x-www-form-urlencoded", ""));
        assertFalse(assertThrows(FormBody.Unreadable.class,
                () -> parse("application/x-www-form-urlencoded", "a=%zz")).mediaType);
    }

    @Test
    void readsMultipartFormsAsRfc8058Allows() throws Exception {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nignored\r\n--XyZ--\r\n";
        assertEquals(Map.of("List-Unsubscribe", "One-Click"), parse("multipart/form-data; boundary=XyZ", body));
        assertThrows(FormBody.Unreadable.class, () -> parse("multipart/form-data", body));
        assertThrows(FormBody.Unreadable.class, () -> parse("multipart/form-data; boundary=XyZ", "--XyZ\r\nbroken"));
    }

    @Test
    void otherMediaTypesAreRefused() {
        assertTrue(assertThrows(FormBody.Unreadable.class, () -> parse("application/json", "{}")).mediaType);
        assertTrue(assertThrows(FormBody.Unreadable.class, () -> parse(null, "a=b")).mediaType);
    }

    @Test
    void readsNoMoreThanTheCeiling() throws Exception {
        byte[] exactly = new byte[16];
        assertArrayEquals(exactly, FormBody.read(new ByteArrayInputStream(exactly), -1, 16));
        assertThrows(FormBody.TooLarge.class, () -> FormBody.read(new ByteArrayInputStream(new byte[17]), -1, 16));
        assertThrows(FormBody.TooLarge.class, () -> FormBody.read(new ByteArrayInputStream(new byte[1]), 17, 16));
    }

    private static Map<String, String> parse(String type, String body) throws FormBody.Unreadable {
        return FormBody.parse(type, body.getBytes(StandardCharsets.UTF_8));
    }
}
