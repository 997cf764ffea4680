package org.ferry.connectors.operations.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The CSV of data packages and of error keys files, through jackson-dataformat-csv. */
class FinOpsPackageCsvTest {

    @Test
    void aPackageIsAHeaderAndRowsWithCrlfAndQuotesWhereAValueNeedsThem() {
        String csv = FinOpsPackageWriter.writeCsv(List.of(
                new String[] {"CustomerAccount", "OrganizationName", "Notes"},
                new String[] {"C-1", "Smith, \"Bob\"", null},
                new String[] {"C-2", "two\r\nlines", ""}));
        assertEquals("CustomerAccount,OrganizationName,Notes\r\nC-1,\"Smith, \"\"Bob\"\"\",\r\nC-2,\"two\r\nlines\",\r\n", csv);
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws IOException {
        List<String[]> rows = List.of(new String[] {"a", "b", "c"},
                new String[] {" leading", "trailing ", "in\"side"}, new String[] {"x,y", "line\nend", "#1"});
        List<String[]> back = FinOpsPackageWriter.parseCsv(FinOpsPackageWriter.writeCsv(rows));
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(rows.get(i), back.get(i));
        }
    }

    @Test
    void anErrorKeysFileReadsAsRowsOfText() throws IOException {
        List<String[]> rows = FinOpsPackageWriter.parseCsv(
                "CustomerAccount,ErrorMessage\r\nC-1,\"Field 'X', \"\"bad\"\"\"\r\nC-2, spaced ,\r\n");
        assertEquals(3, rows.size(), "a trailing line end is no row");
        assertArrayEquals(new String[] {"C-1", "Field 'X', \"bad\""}, rows.get(1));
        assertArrayEquals(new String[] {"C-2", " spaced ", ""}, rows.get(2), "spaces and empty cells are kept");
        assertEquals(List.of(), FinOpsPackageWriter.parseCsv(""));
        assertEquals(2, FinOpsPackageWriter.parseCsv("a\n\nb\n\n").size(), "blank lines are no rows");
        assertThrows(IOException.class, () -> FinOpsPackageWriter.parseCsv("a,\"unclosed\n"));
    }
}
