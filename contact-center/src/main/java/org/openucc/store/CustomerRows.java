package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openucc.crm.Address;
import org.openucc.crm.Contact;
import org.openucc.crm.Customer;
import org.openucc.crm.Phone;
import org.openucc.interaction.Tier;

/** Reads customers and contacts (with their tags, fields, phones and emails) into records. */
final class CustomerRows {
    private static final String CONTACT_COLUMNS = "id, customer_id, name, title, chat_identity, version, created_at, updated_at";

    private CustomerRows() {
    }

    static Optional<Customer> customer(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, tier, industry, street, postal_code, city, region,"
                + " country, account_number, pin_hash, version, created_at, updated_at FROM customer WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Customer(rs.getString("id"), rs.getString("name"), Tier.valueOf(rs.getString("tier")),
                        rs.getString("industry"), new Address(rs.getString("street"), rs.getString("postal_code"),
                        rs.getString("city"), rs.getString("region"), rs.getString("country")),
                        rs.getString("account_number"), tags(c, id), fields(c, id), rs.getString("pin_hash") != null,
                        rs.getLong("version"), Sql.time(rs, "created_at"), Sql.time(rs, "updated_at")));
            }
        }
    }

    private static List<String> tags(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tag FROM customer_tag WHERE customer_id = ? ORDER BY seq")) {
            ps.setString(1, customerId);
            List<String> tags = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.add(rs.getString(1));
                }
            }
            return tags;
        }
    }

    private static Map<String, String> fields(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT field_name, field_value FROM customer_field WHERE customer_id = ? ORDER BY seq")) {
            ps.setString(1, customerId);
            Map<String, String> fields = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fields.put(rs.getString(1), rs.getString(2));
                }
            }
            return fields;
        }
    }

    static Optional<Contact> contact(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONTACT_COLUMNS + " FROM contact WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(contact(c, rs)) : Optional.empty();
            }
        }
    }

    static List<Contact> contactsOf(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + CONTACT_COLUMNS + " FROM contact WHERE customer_id = ? ORDER BY created_at, id")) {
            ps.setString(1, customerId);
            List<Contact> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(contact(c, rs));
                }
            }
            return list;
        }
    }

    private static Contact contact(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new Contact(id, rs.getString("customer_id"), rs.getString("name"), rs.getString("title"), phones(c, id),
                emails(c, id), rs.getString("chat_identity"), rs.getLong("version"), Sql.time(rs, "created_at"),
                Sql.time(rs, "updated_at"));
    }

    private static List<Phone> phones(Connection c, String contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT e164, label FROM contact_phone WHERE contact_id = ? ORDER BY seq")) {
            ps.setString(1, contactId);
            List<Phone> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Phone(rs.getString(1), rs.getString(2)));
                }
            }
            return list;
        }
    }

    private static List<String> emails(Connection c, String contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT email FROM contact_email WHERE contact_id = ? ORDER BY seq")) {
            ps.setString(1, contactId);
            List<String> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        }
    }
}
