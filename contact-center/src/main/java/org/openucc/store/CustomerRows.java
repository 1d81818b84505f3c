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
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.Phone;
import org.openucc.interaction.Tier;

/** Reads customers and contacts (with their tags, fields, phones and emails) into records. */
final class CustomerRows {
    private static final String CONTACT_COLUMNS = "id, customer_id, name, title, chat_identity, version, created_at, updated_at";

    private final Dialect dialect;

    CustomerRows(Dialect dialect) {
        this.dialect = dialect;
    }

    Optional<Customer> customer(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, tier, industry, street, postal_code, city, region,"
                + " country, account_number, pin_hash, version, created_at, updated_at FROM customer WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> tags = new ArrayList<>();
                Map<String, String> fields = new LinkedHashMap<>();
                details(c, null, id, new ArrayList<>(), new ArrayList<>(), tags, fields);
                return Optional.of(new Customer(rs.getString("id"), rs.getString("name"), Tier.valueOf(rs.getString("tier")),
                        rs.getString("industry"), new Address(rs.getString("street"), rs.getString("postal_code"),
                        rs.getString("city"), rs.getString("region"), rs.getString("country")),
                        rs.getString("account_number"), tags, fields, rs.getString("pin_hash") != null,
                        rs.getLong("version"), Sql.time(rs, "created_at"), Sql.time(rs, "updated_at")));
            }
        }
    }

    Optional<Contact> contact(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONTACT_COLUMNS + " FROM contact WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(contact(c, rs)) : Optional.empty();
            }
        }
    }

    List<Contact> contactsOf(Connection c, String customerId) throws SQLException {
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

    private Contact contact(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<Phone> phones = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        details(c, id, null, phones, emails, new ArrayList<>(), new LinkedHashMap<>());
        return new Contact(id, rs.getString("customer_id"), rs.getString("name"), rs.getString("title"), phones,
                emails, rs.getString("chat_identity"), rs.getLong("version"), Sql.time(rs, "created_at"),
                Sql.time(rs, "updated_at"));
    }

    /** How a lookup key finds contacts: the FROM/WHERE of {@link #match} for phone, email and chat identity. */
    static final String BY_PHONE = " FROM contact_phone k JOIN contact c ON c.id = k.contact_id WHERE k.e164 = ?";
    static final String BY_EMAIL = " FROM contact_email k JOIN contact c ON c.id = k.contact_id WHERE k.email = ?";
    static final String BY_CHAT_IDENTITY = " FROM contact c WHERE c.chat_identity = ?";

    /**
     * The screen-pop path: the matching contacts joined with their customer (first
     * contact by id wins, the others are counted), then the phones, emails, tags and fields ({@link #details}).
     */
    Optional<CustomerMatch> match(Connection c, String fromWhere, String value, int maxMatches) throws SQLException {
        String joined = fromWhere.replace(" WHERE ", " JOIN customer u ON u.id = c.customer_id WHERE ");
        try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.customer_id, c.name, c.title, c.chat_identity,"
                + " c.version, c.created_at, c.updated_at, u.name AS u_name, u.tier, u.industry, u.street, u.postal_code,"
                + " u.city, u.region, u.country, u.account_number, u.pin_hash, u.version AS u_version,"
                + " u.created_at AS u_created_at, u.updated_at AS u_updated_at" + joined + " ORDER BY c.id LIMIT "
                + maxMatches)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String contactId = rs.getString("id");
                String customerId = rs.getString("customer_id");
                List<Phone> phones = new ArrayList<>();
                List<String> emails = new ArrayList<>();
                List<String> tags = new ArrayList<>();
                Map<String, String> fields = new LinkedHashMap<>();
                details(c, contactId, customerId, phones, emails, tags, fields);
                Contact contact = new Contact(contactId, customerId, rs.getString("name"), rs.getString("title"), phones,
                        emails, rs.getString("chat_identity"), rs.getLong("version"), Sql.time(rs, "created_at"),
                        Sql.time(rs, "updated_at"));
                Customer customer = new Customer(customerId, rs.getString("u_name"), Tier.valueOf(rs.getString("tier")),
                        rs.getString("industry"), new Address(rs.getString("street"), rs.getString("postal_code"),
                        rs.getString("city"), rs.getString("region"), rs.getString("country")),
                        rs.getString("account_number"), tags, fields, rs.getString("pin_hash") != null,
                        rs.getLong("u_version"), Sql.time(rs, "u_created_at"), Sql.time(rs, "u_updated_at"));
                int others = 0;
                while (rs.next()) {
                    others++;
                }
                return Optional.of(new CustomerMatch(customer, contact, others));
            }
        }
    }

    /**
     * Phones and emails of a contact and tags and fields of a customer; either id may be null. On a database server
     * in one round trip (a union). The embedded H2 never keeps a union's parsed statement (it parsed it again for
     * every screen pop of a known caller), so there each part is a statement of its own, kept parsed, and the parts
     * of an id that is null are not read.
     */
    private void details(Connection c, String contactId, String customerId, List<Phone> phones, List<String> emails,
                         List<String> tags, Map<String, String> fields) throws SQLException {
        if (dialect == Dialect.H2) {
            if (contactId != null) {
                eachRow(c, "SELECT e164, label FROM contact_phone WHERE contact_id = ? ORDER BY seq", contactId,
                        rs -> phones.add(new Phone(rs.getString(1), rs.getString(2))));
                eachRow(c, "SELECT email FROM contact_email WHERE contact_id = ? ORDER BY seq", contactId,
                        rs -> emails.add(rs.getString(1)));
            }
            if (customerId != null) {
                eachRow(c, "SELECT tag FROM customer_tag WHERE customer_id = ? ORDER BY seq", customerId,
                        rs -> tags.add(rs.getString(1)));
                eachRow(c, "SELECT field_name, field_value FROM customer_field WHERE customer_id = ? ORDER BY seq",
                        customerId, rs -> fields.put(rs.getString(1), rs.getString(2)));
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 'P' AS kind, seq, e164 AS k, label AS v FROM contact_phone WHERE contact_id = ?"
                + " UNION ALL SELECT 'E' AS kind, seq, email AS k, email AS v FROM contact_email WHERE contact_id = ?"
                + " UNION ALL SELECT 'T' AS kind, seq, tag AS k, tag AS v FROM customer_tag WHERE customer_id = ?"
                + " UNION ALL SELECT 'F' AS kind, seq, field_name AS k, field_value AS v FROM customer_field"
                + " WHERE customer_id = ? ORDER BY kind, seq")) {
            ps.setString(1, contactId);
            ps.setString(2, contactId);
            ps.setString(3, customerId);
            ps.setString(4, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "P" -> phones.add(new Phone(rs.getString(3), rs.getString(4)));
                        case "E" -> emails.add(rs.getString(3));
                        case "T" -> tags.add(rs.getString(3));
                        default -> fields.put(rs.getString(3), rs.getString(4));
                    }
                }
            }
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with {@code id} as its one parameter and hands each row to {@code reader}. */
    private static void eachRow(Connection c, String sql, String id, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }
}
