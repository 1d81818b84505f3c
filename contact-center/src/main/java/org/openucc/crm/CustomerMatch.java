package org.openucc.crm;

import java.util.Objects;

/**
 * The customer a lookup key belongs to.
 *
 * @param contact      the contact the key belongs to; null when matched by account number
 * @param otherMatches how many other contacts share the key (a shared office number): the agent
 *                     should confirm who is calling
 */
public record CustomerMatch(Customer customer, Contact contact, int otherMatches) {
    public CustomerMatch {
        Objects.requireNonNull(customer, "customer");
    }
}
