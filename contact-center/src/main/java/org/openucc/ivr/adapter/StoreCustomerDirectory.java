package org.openucc.ivr.adapter;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.openucc.crm.CaseStore;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.LookupKey;
import org.openucc.crm.PageRequest;
import org.openucc.crm.ServiceCase;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.CustomerDirectory;

/**
 * The IVR's customer lookups on the CRM store. The store blocks (JDBC), so every call runs on
 * {@code blocking}, never on the caller's thread.
 */
public final class StoreCustomerDirectory implements CustomerDirectory {
    /** Self-service reads out the first; a few are enough for the count too. */
    private static final int OPEN_CASES = 20;

    private final CustomerStore customers;
    private final CaseStore cases;
    private final Executor blocking;
    private final ZoneId zone;

    public StoreCustomerDirectory(CustomerStore customers, CaseStore cases, Executor blocking, ZoneId zone) {
        this.customers = customers;
        this.cases = cases;
        this.blocking = blocking;
        this.zone = zone;
    }

    @Override
    public CompletionStage<Optional<CallerRecord>> byPhone(String number) {
        return CompletableFuture.supplyAsync(() -> customers.lookup(LookupKey.phone(number))
                .map(m -> record(m.customer())), blocking);
    }

    @Override
    public CompletionStage<Optional<CallerRecord>> byAccount(String accountNumber) {
        return CompletableFuture.supplyAsync(() -> customers.lookup(LookupKey.accountNumber(accountNumber))
                .map(m -> record(m.customer())), blocking);
    }

    @Override
    public CompletionStage<Boolean> verifyPin(String customerId, String pin) {
        return CompletableFuture.supplyAsync(() -> customers.verifyPin(customerId, pin), blocking);
    }

    private CallerRecord record(Customer c) {
        List<ServiceCase> open = cases.cases(c.id(), true, PageRequest.first(OPEN_CASES)).items();
        List<CallerRecord.OpenCase> summary = open.stream()
                .map(k -> new CallerRecord.OpenCase(k.subject(), k.status().name(),
                        k.openedAt() == null ? null : k.openedAt().atZone(zone).toLocalDate()))
                .toList();
        return new CallerRecord(c.id(), c.name(), c.tier(), c.accountNumber(), summary);
    }
}
