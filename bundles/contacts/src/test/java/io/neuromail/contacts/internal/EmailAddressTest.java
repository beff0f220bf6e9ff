package io.neuromail.contacts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource({
        "anna@example.com, anna@example.com",
        "' Anna.Adams+news@Example.COM ', anna.adams+news@example.com",
        "jörg@bücher.example, jörg@xn--bcher-kva.example",
        "user@xn--bcher-kva.example, user@xn--bcher-kva.example",
        "o'neil@sub.example.org, o'neil@sub.example.org",
    })
    void acceptsAndNormalises(String raw, String expected) {
        assertEquals(Optional.of(expected), EmailAddress.normalize(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "@example.com", "anna@", "anna@example", "anna@@example.com",
        ".anna@example.com", "anna.@example.com", "an..na@example.com", "anna@-example.com", "anna@example.c0m",
        "anna@exa mple.com", "an na@example.com", "anna@example.com\r\nBcc: x@example.com"})
    void refusesWhatIsNoMailbox(String raw) {
        assertEquals(Optional.empty(), EmailAddress.normalize(raw));
    }

    @Test
    void theSuppressionHashIsOneWayAndCaseBlind() {
        String hash = EmailAddress.hash("anna@example.com");
        assertEquals(64, hash.length());
        assertEquals(hash, EmailAddress.hash("ANNA@example.com"));
        assertNotEquals(hash, EmailAddress.hash("anna@example.org"));
        assertTrue(hash.matches("[0-9a-f]{64}"));
    }

    @Test
    void csvCellsDefuseFormulasAndQuoteWhenNeeded() {
        assertEquals("'=1+1", CsvCells.cell("=1+1"));
        assertEquals("'+49 30 1234", CsvCells.cell("+49 30 1234"));
        assertEquals("'-5", CsvCells.cell("-5"));
        assertEquals("'@SUM(A1)", CsvCells.cell("@SUM(A1)"));
        assertEquals("'\tx", CsvCells.cell("\tx"));
        assertEquals("\"'\rx\"", CsvCells.cell("\rx"));
        assertEquals("\"a, b\"", CsvCells.cell("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvCells.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvCells.cell("two\nlines"));
        assertEquals("plain", CsvCells.cell("plain"));
        assertEquals("", CsvCells.cell(null));
    }
}
