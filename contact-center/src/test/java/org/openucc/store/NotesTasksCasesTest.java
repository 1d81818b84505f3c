package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.CaseDraft;
import org.openucc.crm.CasePriority;
import org.openucc.crm.CaseStatus;
import org.openucc.crm.ConflictException;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.FollowUpTask;
import org.openucc.crm.InvalidFieldsException;
import org.openucc.crm.Note;
import org.openucc.crm.NoteDraft;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.PageRequest;
import org.openucc.crm.ServiceCase;
import org.openucc.crm.TaskDraft;
import org.openucc.crm.TaskStatus;
import org.openucc.interaction.Tier;
import org.openucc.routing.ManualClock;

class NotesTasksCasesTest {
    @TempDir
    Path dir;
    ManualClock clock = StoreFixture.clock();
    StoreServices store;
    Customer customer;

    @BeforeEach
    void open() {
        store = StoreFixture.start(dir, clock);
        customer = store.customers().create(CustomerDraft.of("Weber KG", Tier.B, "W-1"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void notesAreListedNewestFirstAndKeptVerbatim() {
        String text = "Called about invoice 42.\n  - wants a copy\n'; DELETE FROM note; --";
        Note first = store.notes().add(customer.id(), new NoteDraft("agent-1", text, "int-1"));
        clock.advance(Duration.ofMinutes(1));
        Note second = store.notes().add(customer.id(), new NoteDraft("agent-2", "Second", null));
        assertThat(store.notes().notes(customer.id(), PageRequest.first(10)).items()).containsExactly(second, first);
        assertThat(store.notes().find(first.id()).orElseThrow().text()).isEqualTo(text);
        Note edited = store.notes().update(first.id(), 1, new NoteDraft("agent-1", "Edited", "int-1"));
        assertThat(edited.version()).isEqualTo(2);
        assertThatThrownBy(() -> store.notes().update(first.id(), 1, new NoteDraft("agent-1", "Lost", null)))
                .isInstanceOf(ConflictException.class);
        store.notes().delete(first.id(), 2);
        assertThat(store.notes().find(first.id())).isEmpty();
        assertThatThrownBy(() -> store.notes().add("cus_missing", new NoteDraft("a", "b", null)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.notes().add(customer.id(), new NoteDraft("a", " ", null)))
                .isInstanceOf(InvalidFieldsException.class).hasMessageContaining("text");
    }

    @Test
    void tasksAreOrderedByDueDateAndFilteredByStatusAndOwner() {
        FollowUpTask later = store.tasks().add(customer.id(), new TaskDraft("Send offer", clock.instant().plus(Duration.ofDays(3)),
                "agent-1", null));
        FollowUpTask sooner = store.tasks().add(customer.id(), new TaskDraft("Call back", clock.instant().plus(Duration.ofHours(2)),
                "agent-1", null));
        FollowUpTask undated = store.tasks().add(customer.id(), new TaskDraft("Someday", null, "agent-2", null));
        assertThat(store.tasks().tasks(customer.id(), true, PageRequest.first(10)).items())
                .containsExactly(sooner, later, undated);
        FollowUpTask done = store.tasks().update(sooner.id(), 1, new TaskDraft("Call back", sooner.due(), "agent-1",
                TaskStatus.DONE));
        assertThat(store.tasks().tasks(customer.id(), true, PageRequest.first(10)).items()).containsExactly(later, undated);
        assertThat(store.tasks().tasksOwnedBy("agent-1", false, PageRequest.first(10)).items()).containsExactly(done, later);
        store.tasks().delete(undated.id(), 1);
        assertThat(store.tasks().find(undated.id())).isEmpty();
    }

    @Test
    void casesKeepTheirClosingTimeAndOpenOnesComeMostUrgentFirst() {
        ServiceCase normal = store.cases().open(customer.id(), new CaseDraft("Invoice question", null, null, null, null));
        clock.advance(Duration.ofMinutes(1));
        ServiceCase urgent = store.cases().open(customer.id(), new CaseDraft("Outage", "All down", null, CasePriority.URGENT,
                "agent-1"));
        assertThat(normal.status()).isEqualTo(CaseStatus.OPEN);
        assertThat(normal.priority()).isEqualTo(CasePriority.NORMAL);
        assertThat(store.cases().cases(customer.id(), true, PageRequest.first(10)).items()).containsExactly(urgent, normal);

        clock.advance(Duration.ofHours(1));
        ServiceCase resolved = store.cases().update(normal.id(), 1, new CaseDraft("Invoice question", null,
                CaseStatus.RESOLVED, null, null));
        assertThat(resolved.closedAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofHours(1));
        ServiceCase closed = store.cases().update(normal.id(), 2, new CaseDraft("Invoice question", null,
                CaseStatus.CLOSED, null, null));
        assertThat(closed.closedAt()).as("closing a resolved case keeps when it left the open states")
                .isEqualTo(resolved.closedAt());
        assertThat(store.cases().cases(customer.id(), true, PageRequest.first(10)).items()).containsExactly(urgent);
        assertThat(store.cases().cases(customer.id(), false, PageRequest.first(10)).items()).containsExactly(urgent, closed);
        ServiceCase reopened = store.cases().update(normal.id(), 3, new CaseDraft("Invoice question", null,
                CaseStatus.PENDING, null, null));
        assertThat(reopened.closedAt()).isNull();
        assertThatThrownBy(() -> store.cases().delete(normal.id(), 3)).isInstanceOf(ConflictException.class);
        store.cases().delete(normal.id(), 4);
    }
}
