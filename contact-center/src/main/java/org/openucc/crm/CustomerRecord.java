package org.openucc.crm;

import java.util.List;
import java.util.Objects;
import org.openucc.log.InteractionSummary;

/**
 * Everything the agent sees when an interaction is offered (the screen pop): who it is, which
 * contact, what is open, what happened lately.
 *
 * @param matchedBy          the key that found the customer
 * @param contact            the matching contact, null when matched by account number
 * @param otherMatches       other contacts sharing the key (see {@link CustomerMatch})
 * @param openCases          OPEN and PENDING cases, most urgent first
 * @param openTasks          OPEN follow-up tasks, earliest due first
 * @param recentInteractions the last interactions across all channels, newest first
 */
public record CustomerRecord(
        LookupKey matchedBy,
        Customer customer,
        Contact contact,
        int otherMatches,
        List<ServiceCase> openCases,
        List<FollowUpTask> openTasks,
        List<InteractionSummary> recentInteractions) {

    public CustomerRecord {
        Objects.requireNonNull(customer, "customer");
        openCases = List.copyOf(openCases);
        openTasks = List.copyOf(openTasks);
        recentInteractions = List.copyOf(recentInteractions);
    }
}
