package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.crm.CsvImportException;

/** Reading lists from CSV: lines as in the file, a byte-order mark, quoting, and the row limit. */
class ListCsvTest {
    @Test
    void rowsKeepTheirLineInTheFileAcrossQuotedLineBreaksAndBlankLines() {
        List<RecordDraft> rows = ListCsv.calls(new StringReader("\uFEFFPhone,Name\n+4930100001,\"Anna\nSchmidt\"\n\n"
                + "+4930100002,Bob\n"), 10);
        assertThat(rows).extracting(RecordDraft::line).containsExactly(2L, 5L);
        assertThat(rows.get(0).name()).isEqualTo("Anna\nSchmidt");
        assertThat(rows.get(1).phone()).isEqualTo("+4930100002");
    }

    @Test
    void aFileWithMoreRowsThanAllowedIsRefusedWhole() {
        assertThatThrownBy(() -> ListCsv.calls(new StringReader("phone\n1\n2\n3\n"), 2))
                .isInstanceOf(CsvImportException.class).hasMessageContaining("more than 2 rows");
    }

    @Test
    void brokenQuotingNamesTheLine() {
        assertThatThrownBy(() -> ListCsv.calls(new StringReader("phone,name\n+4930100001,\"open\n"), 10))
                .isInstanceOf(CsvImportException.class).hasMessageContaining("line");
    }
}
