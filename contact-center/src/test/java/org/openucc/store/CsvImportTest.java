package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.CsvImportException;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.ImportMode;
import org.openucc.crm.ImportReport;
import org.openucc.crm.LookupKey;
import org.openucc.crm.RejectedRow;
import org.openucc.interaction.Tier;
import org.openucc.routing.ManualClock;

class CsvImportTest {
    static final String HEADER = "account_number,name,tier,city,tags,pin,contact_name,phones,emails,chat_identity,field.erp_id\n";

    @TempDir
    Path dir;
    ManualClock clock = StoreFixture.clock();
    StoreServices store;

    @BeforeEach
    void open() {
        store = StoreFixture.start(dir, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ImportReport importCsv(String csv, ImportMode mode) {
        return store.csvImport().importCsv(new StringReader(csv), mode);
    }

    /** Lines 2-3: one customer with two contacts; 4: a second one; 5: blank; 6: quotes and a comma in a name. */
    static final String GOOD = HEADER
            + "K-1,Kaiser GmbH,A,Berlin,eco;reseller,1234,Karl Kaiser,030 111 222;0171 2345678,Karl@Kaiser.example,karl-web,E-1\n"
            + "K-1,,,,,,Klara Kaiser,030 111 333,klara@kaiser.example,,\n"
            + "L-2,Lorenz & Co,VIP,Köln,,,Lena Lorenz,+49 221 5550,lena@lorenz.example,,\n"
            + "\n"
            + "M-3,\"Müller \"\"Zwei\"\", Dritte AG\",C,,,,,,,,\n";

    @Test
    void aGoodFileImportsCustomersWithTheirContacts() {
        ImportReport report = importCsv(GOOD, ImportMode.ALL_OR_NOTHING);
        assertThat(report.committed()).isTrue();
        assertThat(report.rows()).isEqualTo(4);
        assertThat(report.customersCreated()).isEqualTo(3);
        assertThat(report.contactsCreated()).isEqualTo(3);
        assertThat(report.rejected()).isEmpty();

        CustomerMatch kaiser = store.customers().lookup(LookupKey.phone("+4917123 45678")).orElseThrow();
        assertThat(kaiser.customer().name()).isEqualTo("Kaiser GmbH");
        assertThat(kaiser.customer().tier()).isEqualTo(Tier.A);
        assertThat(kaiser.customer().tags()).containsExactly("eco", "reseller");
        assertThat(kaiser.customer().customFields()).containsEntry("erp_id", "E-1");
        assertThat(store.customers().verifyPin(kaiser.customer().id(), "1234")).isTrue();
        assertThat(kaiser.contact().emails()).containsExactly("karl@kaiser.example");
        assertThat(store.customers().contacts(kaiser.customer().id())).extracting(c -> c.name())
                .containsExactlyInAnyOrder("Karl Kaiser", "Klara Kaiser");
        assertThat(store.customers().lookup(LookupKey.accountNumber("M-3")).orElseThrow().customer().name())
                .isEqualTo("Müller \"Zwei\", Dritte AG");
    }

    /**
     * Bad rows on lines 3 (tier), 4-5 (a line break in a name: the row spans two lines), 6 (phone and
     * email), 8 (account of line 7 described differently), 9 (account already in the store).
     */
    static final String MIXED = HEADER
            + "A-1,Alpha,A,,,,Ann,030 1111,ann@alpha.example,,\n"
            + "B-2,Beta,Z,,,,,,,,\n"
            + "C-3,\"Gamma\nGmbH\",B,,,,,,,,\n"
            + "D-4,Delta,B,,,,Dan,not-a-phone,dan@,,\n"
            + "E-5,Epsilon,C,,,,,,,,\n"
            + "E-5,Epsilon Two,C,,,,,,,,\n"
            + "EXIST-1,Exists,C,,,,,,,,\n";

    @Test
    void allOrNothingImportsNothingAndReportsEveryBadRowWithItsLine() {
        store.customers().create(CustomerDraft.of("Already here", Tier.B, "EXIST-1"));
        ImportReport report = importCsv(MIXED, ImportMode.ALL_OR_NOTHING);
        assertThat(report.committed()).isFalse();
        assertThat(report.customersCreated()).isZero();
        assertThat(report.rows()).isEqualTo(7);
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(3L, 4L, 6L, 8L, 9L);
        assertThat(report.rejected().get(0).reasons()).singleElement().asString().contains("tier").contains("'Z'");
        assertThat(report.rejected().get(1).reasons()).singleElement().asString().contains("control characters");
        assertThat(report.rejected().get(2).reasons()).hasSize(2)
                .anySatisfy(r -> assertThat(r).contains("phones[0].number").contains("not-a-phone"))
                .anySatisfy(r -> assertThat(r).contains("emails[0]"));
        assertThat(report.rejected().get(3).reasons()).singleElement().asString()
                .contains("name differs from line 7");
        assertThat(report.rejected().get(4).reasons()).singleElement().asString().contains("already used by customer");
        assertThat(store.customers().count()).as("nothing half-imported").isEqualTo(1);
        assertThat(store.customers().lookup(LookupKey.accountNumber("A-1"))).isEmpty();
    }

    @Test
    void validRowsModeImportsTheGoodRowsAndRejectsTheRest() {
        store.customers().create(CustomerDraft.of("Already here", Tier.B, "EXIST-1"));
        ImportReport report = importCsv(MIXED, ImportMode.VALID_ROWS);
        assertThat(report.committed()).isTrue();
        assertThat(report.customersCreated()).isEqualTo(2);
        assertThat(report.contactsCreated()).isEqualTo(1);
        assertThat(report.rejectedRows()).isEqualTo(5);
        assertThat(store.customers().count()).isEqualTo(3);
        Customer epsilon = store.customers().lookup(LookupKey.accountNumber("E-5")).orElseThrow().customer();
        assertThat(epsilon.name()).isEqualTo("Epsilon");
        assertThat(store.customers().lookup(LookupKey.phone("030 1111")).orElseThrow().customer().name()).isEqualTo("Alpha");
        assertThat(store.customers().lookup(LookupKey.accountNumber("B-2"))).isEmpty();
    }

    @Test
    void aBrokenFileFailsWholeWithItsLine() {
        assertThatThrownBy(() -> importCsv("name,colour\nX,red\n", ImportMode.VALID_ROWS))
                .isInstanceOf(CsvImportException.class).hasMessageContaining("line 1").hasMessageContaining("colour");
        assertThatThrownBy(() -> importCsv(HEADER + "A-1,Alpha,A,,,,,,,,\nB-2,\"Beta,B,,,,,,,,\n", ImportMode.VALID_ROWS))
                .isInstanceOf(CsvImportException.class).hasMessageContaining("line 3");
        assertThat(store.customers().count()).isZero();
    }

    @Test
    void injectionLikeValuesAreImportedVerbatim() {
        String name = "=HYPERLINK(\"\"http://x\"\") '; DROP TABLE customer; --";
        ImportReport report = importCsv("name,account_number\n\"" + name + "\",INJ-1\n", ImportMode.ALL_OR_NOTHING);
        assertThat(report.committed()).isTrue();
        assertThat(store.customers().lookup(LookupKey.accountNumber("INJ-1")).orElseThrow().customer().name())
                .isEqualTo(name.replace("\"\"", "\""));
    }

    @Test
    void aByteOrderMarkAndUpperCaseHeadersAreAccepted() {
        ImportReport report = importCsv("\uFEFFNAME,Account_Number\nZeta,Z-1\n", ImportMode.ALL_OR_NOTHING);
        assertThat(report.customersCreated()).isEqualTo(1);
    }
}
