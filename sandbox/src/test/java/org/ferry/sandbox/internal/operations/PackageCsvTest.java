package org.ferry.sandbox.internal.operations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV files of data packages and error keys files, through jackson-dataformat-csv. */
class PackageCsvTest {

    @Test
    void anErrorKeysFileQuotesWhereAValueNeedsIt() {
        String csv = OperationsPackages.Csv.write(List.of(new String[] {"CustomerAccount", "ErrorMessage"},
                new String[] {"C-1", "Field 'X', \"bad\""}, new String[] {"C-2", null}));
        assertEquals("CustomerAccount,ErrorMessage\r\nC-1,\"Field 'X', \"\"bad\"\"\"\r\nC-2,\r\n", csv);
    }

    @Test
    void aPackageFileReadsAsRowsOfText() {
        List<String[]> rows = OperationsPackages.Csv.parse(
                "CustomerAccount,OrganizationName,Notes\r\nC-1,\"Smith, \"\"Bob\"\"\",\r\nC-2,\"two\r\nlines\", x \r\n");
        assertEquals(3, rows.size(), "a trailing line end is no row");
        assertArrayEquals(new String[] {"C-1", "Smith, \"Bob\"", ""}, rows.get(1));
        assertArrayEquals(new String[] {"C-2", "two\r\nlines", " x "}, rows.get(2));
        assertEquals(List.of(), OperationsPackages.Csv.parse(""));
        assertEquals(2, OperationsPackages.Csv.parse("a\r\n\r\nb\r\n\r\n").size(), "blank lines are no rows");
    }
}
