package io.neuromail.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

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
