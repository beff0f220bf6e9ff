package io.neuromail.filter.spamassassin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;

class SpamdClientTest {

    @Test
    void parsesAReport() throws IOException {
        String answer = "SPAMD/1.1 0 EX_OK\r\nContent-length: 300\r\nSpam: True ; 1002.3 / 5.0\r\n\r\n"
                + "Spam detection software...\r\n\r\nContent analysis details:   (1002.3 points, 5.0 required)\r\n\r\n"
                + " pts rule name              description\r\n"
                + "---- ---------------------- --------------------------------------------------\r\n"
                + "1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email\r\n"
                + "-0.0 NO_RELAYS              Informational: message was not relayed via SMTP\r\n"
                + " 2.3 MISSING_DATE           Missing Date: header\r\n";
        SpamdClient.Report r = SpamdClient.parse(answer);
        assertTrue(r.spam());
        assertEquals(1002.3, r.score());
        assertEquals(5.0, r.threshold());
        assertEquals(3, r.rules().size());
        assertEquals(new SpamdClient.RuleHit("GTUBE", 1000, "BODY: Generic Test for Unsolicited Bulk Email"), r.rules().get(0));
    }

    @Test
    void refusesWhatIsNotASpamdAnswer() {
        assertThrows(IOException.class, () -> SpamdClient.parse("HTTP/1.1 200 OK\r\n\r\n"));
        assertThrows(IOException.class, () -> SpamdClient.parse("SPAMD/1.1 76 Bad header line\r\n\r\n"));
    }

    @Test
    void rendersTheMessageAsSent() {
        String m = new String(Rfc822.render(new Email("Grüße", "a@example.org", null, "<p>x</p>", "x", Map.of("List-Unsubscribe", "<https://u.example>")),
                ZonedDateTime.parse("2030-01-01T10:00:00Z")), StandardCharsets.UTF_8);
        assertTrue(m.contains("Subject: =?UTF-8?B?"));
        assertTrue(m.contains("Content-Type: multipart/alternative"));
        assertTrue(m.contains("List-Unsubscribe: <https://u.example>\r\n"));
        assertTrue(m.contains("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>x</p>\r\n"));
    }
}
