package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.Address;
import org.openucc.crm.ConflictException;
import org.openucc.crm.Contact;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.CustomerSummary;
import org.openucc.crm.InvalidFieldsException;
import org.openucc.crm.LookupKey;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.crm.Phone;
import org.openucc.interaction.Tier;
import org.openucc.routing.ManualClock;

class CustomerStoreTest {
    @TempDir
    Path dir;
    ManualClock clock = StoreFixture.clock();
    StoreServices store;
    CustomerStore customers;

    @BeforeEach
    void open() {
        store = StoreFixture.start(dir, clock);
        customers = store.customers();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Customer acme() {
        return customers.create(new CustomerDraft("Acme Tools GmbH", Tier.A, "Manufacturing",
                new Address("Hauptstraße 1", "10115", "Berlin", null, "DE"), "A-1000", List.of("key-account", "eco"),
                Map.of("erpId", "4711", "segment", "SMB"), "9876"));
    }

    @Test
    void aCustomerIsCreatedReadUpdatedAndDeletedWithItsVersionCounting() {
        Customer created = acme();
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.tags()).containsExactly("key-account", "eco");
        assertThat(created.customFields()).containsEntry("erpId", "4711");
        assertThat(created.hasPin()).isTrue();
        assertThat(customers.get(created.id())).isEqualTo(created);

        clock.advance(Duration.ofMinutes(5));
        Customer updated = customers.update(created.id(), 1, new CustomerDraft("Acme Tools AG", Tier.VIP, null, null,
                "A-1000", List.of("eco"), Map.of(), null));
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.name()).isEqualTo("Acme Tools AG");
        assertThat(updated.tags()).containsExactly("eco");
        assertThat(updated.customFields()).isEmpty();
        assertThat(updated.hasPin()).as("a null PIN keeps the PIN").isTrue();
        assertThat(updated.updatedAt()).isEqualTo(StoreFixture.T0.plus(Duration.ofMinutes(5)));
        assertThat(updated.createdAt()).isEqualTo(StoreFixture.T0);

        customers.addContact(created.id(), ContactDraft.of("Eva Acme", "030 555 123", "eva@acme.example"));
        customers.delete(created.id(), 2);
        assertThat(customers.find(created.id())).isEmpty();
        assertThat(customers.lookup(LookupKey.phone("+4930555123"))).as("contacts go with the customer").isEmpty();
    }

    @Test
    void aConcurrentEditGetsAConflictInsteadOfOverwriting() {
        Customer c = acme();
        customers.update(c.id(), 1, CustomerDraft.of("First writer", Tier.A, "A-1000"));
        assertThatThrownBy(() -> customers.update(c.id(), 1, CustomerDraft.of("Second writer", Tier.B, "A-1000")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("version 1").hasMessageContaining("now at version 2")
                .satisfies(e -> assertThat(((ConflictException) e).currentVersion()).isEqualTo(2));
        assertThat(customers.get(c.id()).name()).isEqualTo("First writer");
        assertThatThrownBy(() -> customers.delete(c.id(), 1)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> customers.update("cus_nope", 1, CustomerDraft.of("X", Tier.A, null)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("cus_nope");

        Contact contact = customers.addContact(c.id(), ContactDraft.of("Eva", null, null));
        customers.updateContact(contact.id(), 1, ContactDraft.of("Eva B.", null, null));
        assertThatThrownBy(() -> customers.updateContact(contact.id(), 1, ContactDraft.of("Eva C.", null, null)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void accountNumbersAndChatIdentitiesAreUnique() {
        Customer c = acme();
        assertThatThrownBy(() -> customers.create(CustomerDraft.of("Other", Tier.C, "A-1000")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("A-1000").hasMessageContaining(c.id());
        customers.addContact(c.id(), new ContactDraft("Eva", null, List.of(), List.of(), "eva-chat"));
        assertThatThrownBy(() -> customers.addContact(c.id(), new ContactDraft("Max", null, List.of(), List.of(), "eva-chat")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("chatIdentity");
    }

    @Test
    void invalidDraftsReportEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> customers.create(new CustomerDraft(" ", null, null, null, "bad account!",
                List.of(), Map.of("1bad", "x"), "12")))
                .isInstanceOf(InvalidFieldsException.class)
                .satisfies(e -> assertThat(((InvalidFieldsException) e).errors())
                        .extracting(f -> f.field())
                        .containsExactlyInAnyOrder("name", "accountNumber", "customFields.1bad", "pin"));
        Customer c = acme();
        assertThatThrownBy(() -> customers.addContact(c.id(), new ContactDraft("Eva", null,
                List.of(Phone.of("030 1234"), Phone.of("not a number")), List.of("eva@", "ok@x.example"), null)))
                .isInstanceOf(InvalidFieldsException.class)
                .satisfies(e -> assertThat(((InvalidFieldsException) e).errors())
                        .extracting(f -> f.field()).containsExactly("phones[1].number", "emails[0]"));
    }

    @Test
    void phoneNumbersInAnyFormatAreStoredAsE164AndEmailsLowerCased() {
        Customer c = acme();
        Contact contact = customers.addContact(c.id(), new ContactDraft("Eva", "CFO",
                List.of(new Phone("030 123 456", "work"), new Phone("+49 (30) 12-34-56", "dup"), new Phone("0049 176 1234 5678", "mobile")),
                List.of("Eva.Acme@Example.COM "), null));
        assertThat(contact.phones()).containsExactly(new Phone("+4930123456", "work"), new Phone("+4917612345678", "mobile"));
        assertThat(contact.emails()).containsExactly("eva.acme@example.com");
        for (String typed : List.of("030123456", "+4930123456", "0049 30 123456", "(030) 12 34 56", "tel:+49-30-123456")) {
            assertThat(customers.lookup(LookupKey.phone(typed))).as(typed)
                    .get().extracting(m -> m.contact().id()).isEqualTo(contact.id());
        }
        assertThat(customers.lookup(LookupKey.email("EVA.ACME@example.com"))).get()
                .extracting(m -> m.customer().id()).isEqualTo(c.id());
    }

    @Test
    void lookupFindsTheCustomerByEachKey() {
        Customer c = acme();
        Contact eva = customers.addContact(c.id(), new ContactDraft("Eva", null, List.of(Phone.of("+4930111")),
                List.of("eva@acme.example"), "eva#web"));
        CustomerMatch byAccount = customers.lookup(LookupKey.accountNumber("A-1000")).orElseThrow();
        assertThat(byAccount.customer().id()).isEqualTo(c.id());
        assertThat(byAccount.contact()).isNull();
        assertThat(customers.lookup(LookupKey.phone("030 111")).orElseThrow().contact()).isEqualTo(eva);
        assertThat(customers.lookup(LookupKey.email("eva@acme.example")).orElseThrow().contact()).isEqualTo(eva);
        assertThat(customers.lookup(LookupKey.chatIdentity("eva#web")).orElseThrow().contact()).isEqualTo(eva);
        assertThat(customers.lookup(LookupKey.phone("anonymous"))).isEmpty();
        assertThat(customers.lookup(LookupKey.phone("+4930999"))).isEmpty();
        assertThat(customers.lookup(LookupKey.email("nobody@acme.example"))).isEmpty();
        assertThat(customers.lookup(LookupKey.accountNumber("A-1001"))).isEmpty();
    }

    @Test
    void aSharedNumberMatchesTheFirstContactAndCountsTheOthers() {
        Customer c = acme();
        Contact first = customers.addContact(c.id(), ContactDraft.of("Reception", "+4930222", null));
        clock.advance(Duration.ofSeconds(1));
        customers.addContact(c.id(), ContactDraft.of("Accounting", "+4930222", null));
        CustomerMatch m = customers.lookup(LookupKey.phone("+4930222")).orElseThrow();
        assertThat(m.contact().id()).isEqualTo(first.id());
        assertThat(m.otherMatches()).isEqualTo(1);
    }

    @Test
    void injectionLikeStringsAreStoredAndReturnedVerbatim() {
        String name = "Robert'); DROP TABLE customer;-- <script>alert(1)</script> \"%_\\";
        String field = "' OR '1'='1";
        Customer c = customers.create(new CustomerDraft(name, Tier.B, "${jndi:ldap://x}", null, null,
                List.of("a'b", "%"), Map.of("note", field), null));
        assertThat(customers.get(c.id()).name()).isEqualTo(name);
        assertThat(customers.get(c.id()).industry()).isEqualTo("${jndi:ldap://x}");
        assertThat(customers.get(c.id()).customFields()).containsEntry("note", field);
        assertThat(customers.search(CustomerQuery.byName("Robert'); DROP"), PageRequest.first(10)).items())
                .extracting(CustomerSummary::id).containsExactly(c.id());
        assertThat(customers.search(CustomerQuery.byName("%"), PageRequest.first(10)).items())
                .as("LIKE wildcards in the search text are literal").isEmpty();
        assertThat(customers.count()).isEqualTo(1);
    }

    @Test
    void searchMatchesPrefixesOfNamePhoneEmailAndAccountWithPaging() {
        for (int i = 0; i < 25; i++) {
            Customer c = customers.create(CustomerDraft.of(String.format("Meyer %02d", i), i % 2 == 0 ? Tier.A : Tier.B,
                    "M-" + (100 + i)));
            customers.addContact(c.id(), ContactDraft.of("Contact " + i, "+49 40 5550" + (10 + i), "c" + i + "@meyer.example"));
        }
        acme();
        Page<CustomerSummary> first = customers.search(CustomerQuery.byName("meyer"), PageRequest.first(10));
        assertThat(first.items()).hasSize(10).extracting(CustomerSummary::name).startsWith("Meyer 00", "Meyer 01");
        assertThat(first.hasMore()).isTrue();
        Page<CustomerSummary> last = customers.search(CustomerQuery.byName("MEY"), new PageRequest(20, 10));
        assertThat(last.items()).extracting(CustomerSummary::name).containsExactly("Meyer 20", "Meyer 21", "Meyer 22",
                "Meyer 23", "Meyer 24");
        assertThat(last.hasMore()).isFalse();
        assertThat(customers.search(CustomerQuery.byPhone("040 555012"), PageRequest.first(50)).items())
                .extracting(CustomerSummary::name).containsExactly("Meyer 02");
        assertThat(customers.search(CustomerQuery.byPhone("0049 40 55502"), PageRequest.first(50)).items())
                .extracting(CustomerSummary::name).containsExactly("Meyer 10", "Meyer 11", "Meyer 12", "Meyer 13",
                        "Meyer 14", "Meyer 15", "Meyer 16", "Meyer 17", "Meyer 18", "Meyer 19");
        assertThat(customers.search(CustomerQuery.byEmail("C2"), PageRequest.first(50)).items()).hasSize(6);
        assertThat(customers.search(CustomerQuery.byAccountNumber("M-11"), PageRequest.first(50)).items()).hasSize(10);
        assertThat(customers.search(new CustomerQuery("meyer", null, null, null, Tier.A, null), PageRequest.first(50))
                .items()).hasSize(13);
        assertThat(customers.search(new CustomerQuery(null, null, null, null, null, "eco"), PageRequest.first(50))
                .items()).extracting(CustomerSummary::name).containsExactly("Acme Tools GmbH");
    }

    @Test
    void thePinIsStoredHashedAndVerified() {
        Customer c = acme();
        assertThat(customers.verifyPin(c.id(), "9876")).isTrue();
        assertThat(customers.verifyPin(c.id(), "9875")).isFalse();
        String stored = store.database().read("pin", conn -> JdbcCustomerStore.single(conn,
                "SELECT pin_hash FROM customer WHERE id = ?", c.id()));
        assertThat(stored).startsWith("pbkdf2-sha256$").doesNotContain("9876");
        Customer noPin = customers.update(c.id(), 1, CustomerDraft.of("Acme", Tier.A, "A-1000").withPin(""));
        assertThat(noPin.hasPin()).isFalse();
        assertThat(customers.verifyPin(c.id(), "9876")).isFalse();
    }

    @Test
    void dataSurvivesClosingAndReopeningTheStore() {
        Customer c = acme();
        store.close();
        store = StoreFixture.start(dir, clock);
        assertThat(store.customers().get(c.id())).isEqualTo(c);
    }
}
