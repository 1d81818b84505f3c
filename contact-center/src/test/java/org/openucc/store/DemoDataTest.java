package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.CaseStatus;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.CustomerRecord;
import org.openucc.crm.CustomerSummary;
import org.openucc.crm.DemoCustomers;
import org.openucc.crm.LookupKey;
import org.openucc.crm.PageRequest;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.InteractionSummary;
import org.openucc.routing.ManualClock;

class DemoDataTest {
    @TempDir
    Path dir;
    @TempDir
    Path otherDir;
    ManualClock clock = StoreFixture.clock();

    @Test
    void firstStartFillsTheStoreAndTheSecondDoesNotDuplicate() {
        List<CustomerSummary> firstPage;
        try (StoreServices store = StoreServices.start(StoreFixture.config(true, 300), dir, clock)) {
            DemoDataGenerator.Result result = store.demoData();
            assertThat(result.generated()).isTrue();
            assertThat(result.customers()).isEqualTo(300);
            assertThat(result.contacts()).isGreaterThan(300);
            assertThat(result.interactions()).isGreaterThan(200);
            assertThat(store.customers().count()).isEqualTo(300);
            firstPage = store.customers().search(CustomerQuery.all(), PageRequest.first(20)).items();
        }
        try (StoreServices store = StoreServices.start(StoreFixture.config(true, 300), dir, clock)) {
            assertThat(store.demoData().generated()).isFalse();
            assertThat(store.demoData().skippedBecause()).contains("generated before");
            assertThat(store.customers().count()).isEqualTo(300);
        }
        try (StoreServices store = StoreServices.start(StoreFixture.config(true, 300), otherDir, clock)) {
            assertThat(store.customers().search(CustomerQuery.all(), PageRequest.first(20)).items())
                    .as("same seed, same customers").isEqualTo(firstPage);
        }
    }

    @Test
    void theWellKnownVipPopsUpByPhoneWithItsOpenCaseAndHistory() {
        try (StoreServices store = StoreServices.start(StoreFixture.config(true, 50), dir, clock)) {
            CustomerRecord pop = store.lookup().lookup(LookupKey.phone("030 123456")).orElseThrow();
            assertThat(pop.customer().id()).isEqualTo(DemoCustomers.VIP.customerId());
            assertThat(pop.customer().tier()).isEqualTo(Tier.VIP);
            assertThat(pop.customer().accountNumber()).isEqualTo("100001");
            assertThat(pop.contact().name()).isEqualTo(DemoCustomers.VIP.contactName());
            assertThat(pop.openCases()).extracting(c -> c.subject()).containsExactly(DemoCustomers.VIP_OPEN_CASE_SUBJECT);
            assertThat(pop.openCases().get(0).status()).isEqualTo(CaseStatus.OPEN);
            assertThat(pop.openTasks()).hasSize(1);
            assertThat(pop.recentInteractions()).hasSize(DemoCustomers.VIP_INTERACTIONS)
                    .extracting(InteractionSummary::arrivedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
            assertThat(pop.recentInteractions()).allMatch(s -> s.outcome() == InteractionOutcome.ANSWERED
                    && s.disposition() != null && s.talkMillis() > 0);
            assertThat(store.customers().verifyPin(pop.customer().id(), DemoCustomers.VIP.pin())).isTrue();

            for (DemoCustomers.Demo d : DemoCustomers.ALL) {
                assertThat(store.customers().lookup(LookupKey.accountNumber(d.accountNumber()))).get()
                        .extracting(m -> m.customer().tier()).isEqualTo(d.tier());
                assertThat(store.customers().lookup(LookupKey.phone(d.phone()))).get()
                        .extracting(m -> m.customer().id()).isEqualTo(d.customerId());
                assertThat(store.customers().lookup(LookupKey.email(d.email()))).get()
                        .extracting(m -> m.contact().id()).isEqualTo(d.contactId());
            }
            assertThat(store.lookup().lookup(LookupKey.chatIdentity("li.chen")).orElseThrow().customer().name())
                    .isEqualTo("Chen Trading Ltd");
        }
    }

    /**
     * Issue 14: the demo history names the configured demo agents (it named agent-01..20, who do not
     * exist), so their history, reports and screen pops show people one can log in as.
     */
    @Test
    void theServersDemoHistoryNamesOnlyTheConfiguredAgents() throws Exception {
        try (org.openucc.api.TestServer server = org.openucc.api.TestServer.start(dir)) {
            java.util.Set<String> configured = new java.util.TreeSet<>();
            server.contactCenter().config().agents().forEach(a -> configured.add(a.id()));
            java.util.Set<String> named = new java.util.TreeSet<>();
            org.openucc.log.InteractionLog log = server.contactCenter().store().interactionLog();
            Long cursor = null;
            for (int page = 0; page < 1000; page++) { // the 50 demo customers' history is a few thousand events
                org.openucc.log.LogPage events = log.events(org.openucc.log.LogQuery.all().after(cursor).limit(1000));
                events.events().stream().map(org.openucc.log.LogEvent::agentId).filter(java.util.Objects::nonNull)
                        .forEach(named::add);
                cursor = events.nextCursor();
                if (cursor == null || events.events().isEmpty()) {
                    break;
                }
            }
            assertThat(named).as("agents the demo history names").isNotEmpty();
            assertThat(configured).containsAll(named);
        }
    }

    @Test
    void demoDataIsNotGeneratedIntoAStoreThatHasCustomers() {
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            store.customers().create(org.openucc.crm.CustomerDraft.of("Real customer", Tier.A, "R-1"));
        }
        try (StoreServices store = StoreServices.start(StoreFixture.config(true, 100), dir, clock)) {
            assertThat(store.demoData().generated()).isFalse();
            assertThat(store.customers().count()).isEqualTo(1);
        }
    }
}
