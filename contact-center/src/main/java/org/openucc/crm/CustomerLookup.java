package org.openucc.crm;

import java.util.List;
import java.util.Optional;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionSummary;

/**
 * Builds the screen pop: finds the customer by a key and gathers the matching contact, open cases
 * and tasks and the last interactions from the log. Blocking (a few indexed reads); call it off
 * event loops and the engine thread.
 */
public final class CustomerLookup {
    private static final int OPEN_ITEMS = 20;

    private final CustomerStore customers;
    private final CaseStore cases;
    private final TaskStore tasks;
    private final InteractionLog log;
    private final int historyLength;

    /** @param historyLength how many past interactions to include */
    public CustomerLookup(CustomerStore customers, CaseStore cases, TaskStore tasks, InteractionLog log,
                          int historyLength) {
        this.customers = customers;
        this.cases = cases;
        this.tasks = tasks;
        this.log = log;
        this.historyLength = historyLength;
    }

    public Optional<CustomerRecord> lookup(LookupKey key) {
        return customers.lookup(key).map(m -> record(key, m));
    }

    /** The record of a customer already identified (e.g. by id from the IVR). */
    public Optional<CustomerRecord> recordOf(String customerId) {
        return customers.find(customerId).map(c -> record(null, new CustomerMatch(c, null, 0)));
    }

    private CustomerRecord record(LookupKey key, CustomerMatch match) {
        String id = match.customer().id();
        List<ServiceCase> open = cases.cases(id, true, PageRequest.first(OPEN_ITEMS)).items();
        List<FollowUpTask> todo = tasks.tasks(id, true, PageRequest.first(OPEN_ITEMS)).items();
        List<InteractionSummary> history = historyLength == 0 ? List.of() : log.recentInteractions(id, historyLength);
        return new CustomerRecord(key, match.customer(), match.contact(), match.otherMatches(), open, todo, history);
    }
}
