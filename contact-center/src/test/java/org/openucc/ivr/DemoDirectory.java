package org.openucc.ivr;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.crm.DemoCustomers;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.CustomerDirectory;

/** The well-known demo customers in memory (the store adapter is tested on H2 separately). */
final class DemoDirectory implements CustomerDirectory {
    static final LocalDate VIP_CASE_OPENED = LocalDate.of(2026, 3, 2);
    boolean down;

    @Override
    public CompletionStage<Optional<CallerRecord>> byPhone(String number) {
        return answer(DemoCustomers.ALL.stream().filter(d -> d.phone().equals(number)).findFirst());
    }

    @Override
    public CompletionStage<Optional<CallerRecord>> byAccount(String accountNumber) {
        return answer(DemoCustomers.ALL.stream().filter(d -> d.accountNumber().equals(accountNumber)).findFirst());
    }

    @Override
    public CompletionStage<Boolean> verifyPin(String customerId, String pin) {
        return CompletableFuture.completedFuture(DemoCustomers.ALL.stream()
                .anyMatch(d -> d.customerId().equals(customerId) && pin.equals(d.pin())));
    }

    private CompletionStage<Optional<CallerRecord>> answer(Optional<DemoCustomers.Demo> d) {
        if (down) {
            return CompletableFuture.failedFuture(new IllegalStateException("store down"));
        }
        return CompletableFuture.completedFuture(d.map(DemoDirectory::record));
    }

    static CallerRecord record(DemoCustomers.Demo d) {
        List<CallerRecord.OpenCase> cases = d == DemoCustomers.VIP
                ? List.of(new CallerRecord.OpenCase(DemoCustomers.VIP_OPEN_CASE_SUBJECT, "OPEN", VIP_CASE_OPENED))
                : List.of();
        return new CallerRecord(d.customerId(), d.name(), d.tier(), d.accountNumber(), cases);
    }
}
