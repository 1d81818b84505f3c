package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openucc.crm.ConflictException;
import org.openucc.crm.Contact;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CrmRules;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.CustomerSummary;
import org.openucc.crm.EmailAddresses;
import org.openucc.crm.Ids;
import org.openucc.crm.LookupKey;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.crm.PinHasher;
import org.openucc.interaction.Tier;

/** {@link CustomerStore} over JDBC (H2 or PostgreSQL, portable SQL). */
public final class JdbcCustomerStore implements CustomerStore {
    private static final int MAX_MATCHES = 50;

    private final Database db;
    private final CustomerRows rows;
    private final CrmRules rules;
    private final PinHasher pins;
    private final Ids ids;
    private final InstantSource clock;

    public JdbcCustomerStore(Database db, CrmRules rules, PinHasher pins, InstantSource clock) {
        this.db = db;
        this.rows = new CustomerRows(db.dialect());
        this.rules = rules;
        this.pins = pins;
        this.ids = new Ids(clock);
        this.clock = clock;
    }

    @Override
    public Customer create(CustomerDraft draft) {
        CustomerDraft d = rules.customer(draft);
        String id = ids.next("cus");
        String pinHash = d.pin() == null || d.pin().isEmpty() ? null : pins.hash(d.pin());
        return db.write("creating customer " + d.name(), c -> {
            checkAccountNumberFree(c, d.accountNumber(), id);
            try (CustomerInserts inserts = new CustomerInserts(c)) {
                inserts.addCustomer(id, d, pinHash, clock.instant());
                inserts.execute();
            } catch (SQLException e) {
                throw uniqueAccount(e, id, d.accountNumber());
            }
            return rows.customer(c, id).orElseThrow();
        });
    }

    @Override
    public Optional<Customer> find(String customerId) {
        return db.read("reading customer " + customerId, c -> rows.customer(c, customerId));
    }

    @Override
    public Customer update(String customerId, long expectedVersion, CustomerDraft draft) {
        CustomerDraft d = rules.customer(draft);
        String newPinHash = d.pin() == null || d.pin().isEmpty() ? null : pins.hash(d.pin());
        return db.write("updating customer " + customerId, c -> {
            checkAccountNumberFree(c, d.accountNumber(), customerId);
            String pinSql = d.pin() == null ? "" : ", pin_hash = ?";
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET name = ?, name_key = ?, tier = ?, industry = ?,"
                    + " street = ?, postal_code = ?, city = ?, region = ?, country = ?, account_number = ?" + pinSql
                    + ", version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
                int i = 1;
                ps.setString(i++, d.name());
                ps.setString(i++, CustomerInserts.nameKey(d.name()));
                ps.setString(i++, d.tier().name());
                ps.setString(i++, d.industry());
                ps.setString(i++, d.address().street());
                ps.setString(i++, d.address().postalCode());
                ps.setString(i++, d.address().city());
                ps.setString(i++, d.address().region());
                ps.setString(i++, d.address().country());
                ps.setString(i++, d.accountNumber());
                if (d.pin() != null) {
                    ps.setString(i++, newPinHash);
                }
                Sql.setTime(ps, i++, clock.instant());
                ps.setString(i++, customerId);
                ps.setLong(i, expectedVersion);
                Sql.requireChanged(ps.executeUpdate(), c, "customer", "customer", customerId, expectedVersion);
            } catch (SQLException e) {
                throw uniqueAccount(e, customerId, d.accountNumber());
            }
            deleteChildren(c, "customer_tag", customerId);
            deleteChildren(c, "customer_field", customerId);
            try (CustomerInserts inserts = new CustomerInserts(c)) {
                inserts.addTagsAndFields(customerId, d);
                inserts.execute();
            }
            return rows.customer(c, customerId).orElseThrow();
        });
    }

    @Override
    public void delete(String customerId, long expectedVersion) {
        db.write("deleting customer " + customerId, c -> {
            Sql.deleteVersioned(c, "customer", "customer", customerId, expectedVersion);
            return null;
        });
    }

    @Override
    public Page<CustomerSummary> search(CustomerQuery q, PageRequest page) {
        StringBuilder sql = new StringBuilder(
                "SELECT c.id, c.name, c.tier, c.account_number, c.industry, c.city, c.version FROM customer c WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.name() != null && !q.name().isBlank()) {
            sql.append(" AND c.name_key LIKE ? ESCAPE '\\'");
            args.add(Sql.prefixPattern(q.name().strip().toLowerCase(Locale.ROOT)));
        }
        if (q.accountNumber() != null && !q.accountNumber().isBlank()) {
            sql.append(" AND c.account_number LIKE ? ESCAPE '\\'");
            args.add(Sql.prefixPattern(q.accountNumber().strip()));
        }
        if (q.tier() != null) {
            sql.append(" AND c.tier = ?");
            args.add(q.tier().name());
        }
        if (q.phone() != null && !q.phone().isBlank()) {
            Optional<String> prefix = rules.phones().searchPrefix(q.phone());
            if (prefix.isEmpty()) {
                return new Page<>(List.of(), page.offset(), page.limit(), false);
            }
            sql.append(" AND c.id IN (SELECT p.customer_id FROM contact_phone p WHERE p.e164 LIKE ? ESCAPE '\\')");
            args.add(Sql.prefixPattern(prefix.get()));
        }
        if (q.email() != null && !q.email().isBlank()) {
            sql.append(" AND c.id IN (SELECT e.customer_id FROM contact_email e WHERE e.email LIKE ? ESCAPE '\\')");
            args.add(Sql.prefixPattern(q.email().strip().toLowerCase(Locale.ROOT)));
        }
        if (q.tag() != null && !q.tag().isBlank()) {
            sql.append(" AND c.id IN (SELECT t.customer_id FROM customer_tag t WHERE t.tag = ?)");
            args.add(q.tag().strip());
        }
        sql.append(" ORDER BY c.name_key, c.id LIMIT ? OFFSET ?");
        args.add(page.limit() + 1);
        args.add(page.offset());
        return db.read("searching customers " + q, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<CustomerSummary> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new CustomerSummary(rs.getString(1), rs.getString(2), Tier.valueOf(rs.getString(3)),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7)));
                    }
                }
                boolean more = items.size() > page.limit();
                return new Page<>(more ? items.subList(0, page.limit()) : items, page.offset(), page.limit(), more);
            }
        });
    }

    @Override
    public Optional<CustomerMatch> lookup(LookupKey key) {
        return db.read("looking up customer by " + key, c -> {
            if (key instanceof LookupKey.ByAccountNumber a) {
                String customerId = single(c, "SELECT id FROM customer WHERE account_number = ?", a.value().strip());
                return customerId == null ? Optional.empty()
                        : rows.customer(c, customerId).map(cu -> new CustomerMatch(cu, null, 0));
            }
            String fromWhere;
            String value;
            if (key instanceof LookupKey.ByPhone p) {
                fromWhere = CustomerRows.BY_PHONE;
                value = rules.phones().toE164(p.value()).orElse(null);
            } else if (key instanceof LookupKey.ByEmail e) {
                fromWhere = CustomerRows.BY_EMAIL;
                value = EmailAddresses.normalizeOrNull(e.value());
            } else {
                fromWhere = CustomerRows.BY_CHAT_IDENTITY;
                value = key.value();
            }
            return value == null ? Optional.empty() : rows.match(c, fromWhere, value, MAX_MATCHES);
        });
    }

    @Override
    public boolean verifyPin(String customerId, String pin) {
        String hash = db.read("reading PIN of customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            return single(c, "SELECT pin_hash FROM customer WHERE id = ?", customerId);
        });
        return hash != null && pins.matches(pin, hash);
    }

    @Override
    public long count() {
        return db.read("counting customers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Contact addContact(String customerId, ContactDraft draft) {
        ContactDraft d = rules.contact(draft);
        String id = ids.next("con");
        return db.write("adding contact to customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            checkChatIdentityFree(c, d.chatIdentity(), id);
            try (CustomerInserts inserts = new CustomerInserts(c)) {
                inserts.addContact(id, customerId, d, clock.instant());
                inserts.execute();
            } catch (SQLException e) {
                throw uniqueChat(e, id, d.chatIdentity());
            }
            return rows.contact(c, id).orElseThrow();
        });
    }

    @Override
    public Optional<Contact> findContact(String contactId) {
        return db.read("reading contact " + contactId, c -> rows.contact(c, contactId));
    }

    @Override
    public List<Contact> contacts(String customerId) {
        return db.read("reading contacts of customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            return rows.contactsOf(c, customerId);
        });
    }

    @Override
    public Contact updateContact(String contactId, long expectedVersion, ContactDraft draft) {
        ContactDraft d = rules.contact(draft);
        return db.write("updating contact " + contactId, c -> {
            checkChatIdentityFree(c, d.chatIdentity(), contactId);
            try (PreparedStatement ps = c.prepareStatement("UPDATE contact SET name = ?, title = ?, chat_identity = ?,"
                    + " version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
                ps.setString(1, d.name());
                ps.setString(2, d.title());
                ps.setString(3, d.chatIdentity());
                Sql.setTime(ps, 4, clock.instant());
                ps.setString(5, contactId);
                ps.setLong(6, expectedVersion);
                Sql.requireChanged(ps.executeUpdate(), c, "contact", "contact", contactId, expectedVersion);
            } catch (SQLException e) {
                throw uniqueChat(e, contactId, d.chatIdentity());
            }
            String customerId = single(c, "SELECT customer_id FROM contact WHERE id = ?", contactId);
            deleteRows(c, "DELETE FROM contact_phone WHERE contact_id = ?", contactId);
            deleteRows(c, "DELETE FROM contact_email WHERE contact_id = ?", contactId);
            try (CustomerInserts inserts = new CustomerInserts(c)) {
                inserts.addPhonesAndEmails(contactId, customerId, d);
                inserts.execute();
            }
            return rows.contact(c, contactId).orElseThrow();
        });
    }

    @Override
    public void deleteContact(String contactId, long expectedVersion) {
        db.write("deleting contact " + contactId, c -> {
            Sql.deleteVersioned(c, "contact", "contact", contactId, expectedVersion);
            return null;
        });
    }

    /** Fails with a conflict naming the holder, before the insert, so the message can say who has it. */
    private static void checkAccountNumberFree(Connection c, String accountNumber, String forCustomer) throws SQLException {
        if (accountNumber == null) {
            return;
        }
        String holder = single(c, "SELECT id FROM customer WHERE account_number = ?", accountNumber);
        if (holder != null && !holder.equals(forCustomer)) {
            throw ConflictException.duplicate("customer", forCustomer, "accountNumber", accountNumber, "customer " + holder);
        }
    }

    private static void checkChatIdentityFree(Connection c, String chatIdentity, String forContact) throws SQLException {
        if (chatIdentity == null) {
            return;
        }
        String holder = single(c, "SELECT id FROM contact WHERE chat_identity = ?", chatIdentity);
        if (holder != null && !holder.equals(forContact)) {
            throw ConflictException.duplicate("contact", forContact, "chatIdentity", chatIdentity, "contact " + holder);
        }
    }

    /** A unique violation that slipped past the check (a concurrent insert) is still a conflict, not a 500. */
    private static RuntimeException uniqueAccount(SQLException e, String id, String accountNumber) {
        if (Sql.isUniqueViolation(e)) {
            return ConflictException.duplicate("customer", id, "accountNumber", accountNumber, "another customer");
        }
        return new StoreException("writing customer " + id, e);
    }

    private static RuntimeException uniqueChat(SQLException e, String id, String chatIdentity) {
        if (Sql.isUniqueViolation(e)) {
            return ConflictException.duplicate("contact", id, "chatIdentity", chatIdentity, "another contact");
        }
        return new StoreException("writing contact " + id, e);
    }

    private static void deleteChildren(Connection c, String table, String customerId) throws SQLException {
        deleteRows(c, "DELETE FROM " + table + " WHERE customer_id = ?", customerId);
    }

    private static void deleteRows(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    static String single(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
