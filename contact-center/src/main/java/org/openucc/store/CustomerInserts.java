package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.Phone;

/**
 * Inserts customers and contacts (already checked and normalized by {@code CrmRules}) with JDBC
 * batches, one prepared statement per table: the one write path for single creates, CSV import,
 * the demo data and benchmarks. Rows go out when {@link #execute} is called; the caller owns the
 * transaction. Not thread-safe.
 */
public final class CustomerInserts implements AutoCloseable {
    private final PreparedStatement customer;
    private final PreparedStatement tag;
    private final PreparedStatement field;
    private final PreparedStatement contact;
    private final PreparedStatement phone;
    private final PreparedStatement email;
    private final List<PreparedStatement> all;
    private int pending;

    public CustomerInserts(Connection c) throws SQLException {
        customer = c.prepareStatement("INSERT INTO customer (id, name, name_key, tier, industry, street, postal_code, city,"
                + " region, country, account_number, pin_hash, version, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
        tag = c.prepareStatement("INSERT INTO customer_tag (customer_id, seq, tag) VALUES (?, ?, ?)");
        field = c.prepareStatement("INSERT INTO customer_field (customer_id, seq, field_name, field_value) VALUES (?, ?, ?, ?)");
        contact = c.prepareStatement("INSERT INTO contact (id, customer_id, name, title, chat_identity, version, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)");
        phone = c.prepareStatement("INSERT INTO contact_phone (contact_id, seq, customer_id, e164, label) VALUES (?, ?, ?, ?, ?)");
        email = c.prepareStatement("INSERT INTO contact_email (contact_id, seq, customer_id, email) VALUES (?, ?, ?, ?)");
        // Parents before children: the foreign keys are checked row by row.
        all = List.of(customer, tag, field, contact, phone, email);
    }

    /** Adds a customer row with its tags and custom fields; {@code pinHash} may be null. */
    public void addCustomer(String id, CustomerDraft d, String pinHash, Instant now) throws SQLException {
        customer.setString(1, id);
        customer.setString(2, d.name());
        customer.setString(3, nameKey(d.name()));
        customer.setString(4, d.tier().name());
        customer.setString(5, d.industry());
        customer.setString(6, d.address().street());
        customer.setString(7, d.address().postalCode());
        customer.setString(8, d.address().city());
        customer.setString(9, d.address().region());
        customer.setString(10, d.address().country());
        customer.setString(11, d.accountNumber());
        customer.setString(12, pinHash);
        Sql.setTime(customer, 13, now);
        Sql.setTime(customer, 14, now);
        customer.addBatch();
        addTagsAndFields(id, d);
        pending++;
    }

    void addTagsAndFields(String customerId, CustomerDraft d) throws SQLException {
        int seq = 0;
        for (String t : d.tags()) {
            tag.setString(1, customerId);
            tag.setInt(2, seq++);
            tag.setString(3, t);
            tag.addBatch();
        }
        seq = 0;
        for (Map.Entry<String, String> f : d.customFields().entrySet()) {
            field.setString(1, customerId);
            field.setInt(2, seq++);
            field.setString(3, f.getKey());
            field.setString(4, f.getValue());
            field.addBatch();
        }
    }

    public void addContact(String id, String customerId, ContactDraft d, Instant now) throws SQLException {
        contact.setString(1, id);
        contact.setString(2, customerId);
        contact.setString(3, d.name());
        contact.setString(4, d.title());
        contact.setString(5, d.chatIdentity());
        Sql.setTime(contact, 6, now);
        Sql.setTime(contact, 7, now);
        contact.addBatch();
        addPhonesAndEmails(id, customerId, d);
        pending++;
    }

    void addPhonesAndEmails(String contactId, String customerId, ContactDraft d) throws SQLException {
        int seq = 0;
        for (Phone p : d.phones()) {
            phone.setString(1, contactId);
            phone.setInt(2, seq++);
            phone.setString(3, customerId);
            phone.setString(4, p.number());
            phone.setString(5, p.label());
            phone.addBatch();
        }
        seq = 0;
        for (String e : d.emails()) {
            email.setString(1, contactId);
            email.setInt(2, seq++);
            email.setString(3, customerId);
            email.setString(4, e);
            email.addBatch();
        }
    }

    /** Customers and contacts added since the last {@link #execute}. */
    public int pending() {
        return pending;
    }

    /** Sends every batched row, parents first. */
    public void execute() throws SQLException {
        for (PreparedStatement ps : all) {
            ps.executeBatch();
        }
        pending = 0;
    }

    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : new ArrayList<>(all)) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
