package org.openucc.crm;

import java.util.List;
import java.util.Optional;

/**
 * Customers (accounts) and their contacts: create, read, replace, delete, search and look up by
 * phone, email, account number or chat identity. Writes are committed before they return. Updates
 * and deletes name the version they read and fail with {@link ConflictException} if someone else
 * changed the record meanwhile; drafts are checked by {@link CrmRules} ({@link InvalidFieldsException}).
 */
public interface CustomerStore {

    Customer create(CustomerDraft draft);

    Optional<Customer> find(String customerId);

    default Customer get(String customerId) {
        return find(customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
    }

    /** Replaces the customer's fields; a null PIN in the draft keeps the PIN, an empty one removes it. */
    Customer update(String customerId, long expectedVersion, CustomerDraft draft);

    /** Deletes the customer with its contacts, notes, tasks and cases (its interactions stay in the log). */
    void delete(String customerId, long expectedVersion);

    /** Customers matching every criterion, ordered by name. */
    Page<CustomerSummary> search(CustomerQuery query, PageRequest page);

    /** The customer a key belongs to; empty if none (or the key cannot be a phone number / email). */
    Optional<CustomerMatch> lookup(LookupKey key);

    /** Whether the PIN is the customer's; false if the customer has none. */
    boolean verifyPin(String customerId, String pin);

    long count();

    Contact addContact(String customerId, ContactDraft draft);

    Optional<Contact> findContact(String contactId);

    default Contact getContact(String contactId) {
        return findContact(contactId).orElseThrow(() -> new NotFoundException("contact", contactId));
    }

    /** The customer's contacts in the order they were added. */
    List<Contact> contacts(String customerId);

    Contact updateContact(String contactId, long expectedVersion, ContactDraft draft);

    void deleteContact(String contactId, long expectedVersion);
}
