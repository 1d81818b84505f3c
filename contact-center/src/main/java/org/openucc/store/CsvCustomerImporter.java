package org.openucc.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openucc.crm.Address;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CrmRules;
import org.openucc.crm.CsvImportException;
import org.openucc.crm.CsvInput;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerImport;
import org.openucc.crm.FieldError;
import org.openucc.crm.Ids;
import org.openucc.crm.ImportMode;
import org.openucc.crm.ImportReport;
import org.openucc.crm.InvalidFieldsException;
import org.openucc.crm.Phone;
import org.openucc.crm.PinHasher;
import org.openucc.crm.RejectedRow;
import org.openucc.interaction.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CustomerImport} over JDBC: parses the CSV as a stream, checks each row with {@link CrmRules}
 * (and against the store and the rows before it for duplicate account numbers and chat identities),
 * and batch-inserts the good rows in one transaction, committed only when the whole file is read.
 */
public final class CsvCustomerImporter implements CustomerImport {
    private static final Logger log = LoggerFactory.getLogger(CsvCustomerImporter.class);
    private static final int BATCH = 1000;
    private static final String FIELD_PREFIX = "field.";
    private static final List<String> CUSTOMER_COLUMNS = List.of("name", "tier", "industry", "street", "postal_code",
            "city", "region", "country", "tags", "pin");
    private static final List<String> CONTACT_COLUMNS = List.of("contact_name", "contact_title", "phones", "emails",
            "chat_identity");
    private static final Set<String> KNOWN;

    static {
        Set<String> known = new TreeSet<>(CUSTOMER_COLUMNS);
        known.addAll(CONTACT_COLUMNS);
        known.add("account_number");
        KNOWN = Set.copyOf(known);
    }

    private final Database db;
    private final CrmRules rules;
    private final PinHasher pins;
    private final InstantSource clock;
    private final Ids ids;

    public CsvCustomerImporter(Database db, CrmRules rules, PinHasher pins, InstantSource clock) {
        this.db = db;
        this.rules = rules;
        this.pins = pins;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    /** Rolls the transaction back and carries the report out of it. */
    private static final class Discard extends RuntimeException {
        final transient ImportReport report;

        Discard(ImportReport report) {
            super(null, null, false, false);
            this.report = report;
        }
    }

    @Override
    public ImportReport importCsv(Reader csv, ImportMode mode) {
        long started = System.nanoTime();
        ImportReport report;
        try {
            report = db.write("importing customers from CSV", c -> {
                ImportReport r = new Run(c, mode).read(CsvInput.withoutBom(csv));
                if (!r.committed()) {
                    throw new Discard(r);
                }
                return r;
            });
        } catch (Discard d) {
            report = d.report;
        }
        log.info("CSV import ({}): {} rows, {} customers and {} contacts stored, {} rejected, committed {} in {} ms", mode,
                report.rows(), report.customersCreated(), report.contactsCreated(), report.rejectedRows(),
                report.committed(), (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    /** One import: the state needed to check rows against each other. */
    private final class Run {
        final Connection c;
        final ImportMode mode;
        final CustomerInserts inserts;
        final Instant now = clock.instant();
        /** account number -> the customer created for it and the row that described it */
        final Map<String, Created> accounts = new HashMap<>();
        /** account number -> line of the row that was rejected for it */
        final Map<String, Long> rejectedAccounts = new HashMap<>();
        final Map<String, Long> chatIdentities = new HashMap<>();
        final List<RejectedRow> rejected = new ArrayList<>();
        long rows;
        long rejectedCount;
        long customers;
        long contacts;

        record Created(String customerId, long line, Map<String, String> customerColumns) {
        }

        Run(Connection c, ImportMode mode) throws SQLException {
            this.c = c;
            this.mode = mode;
            this.inserts = new CustomerInserts(c);
        }

        ImportReport read(Reader in) throws SQLException {
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(false).get();
            long lastEnd = 1;
            try (inserts; CSVParser parser = CsvInput.parser(format, in)) {
                Map<String, String> columns = columns(parser.getHeaderNames());
                var records = parser.iterator();
                while (true) {
                    CSVRecord record;
                    try {
                        if (!records.hasNext()) {
                            break;
                        }
                        record = records.next();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        throw new CsvImportException(lastEnd + 1, "the file is not valid CSV here (" + CsvInput.rootMessage(e)
                                + "); nothing was imported", e);
                    }
                    long line = lastEnd + 1;
                    lastEnd = Math.max(line, parser.getCurrentLineNumber());
                    if (isBlank(record)) {
                        continue;
                    }
                    rows++;
                    row(line, record, columns);
                    if (inserts.pending() >= BATCH) {
                        inserts.execute();
                    }
                }
                inserts.execute();
            } catch (IOException e) {
                throw new UncheckedIOException("reading CSV near line " + lastEnd, e);
            }
            boolean commit = rejectedCount == 0 || mode == ImportMode.VALID_ROWS;
            return new ImportReport(mode, rows, commit ? customers : 0, commit ? contacts : 0, rejectedCount, rejected, commit);
        }

        /** Header name (as written) by lower-case column name; unknown columns fail the file. */
        private Map<String, String> columns(List<String> header) {
            Map<String, String> byName = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>();
            for (String h : header) {
                String key = h.strip().toLowerCase(Locale.ROOT);
                if (KNOWN.contains(key) || (key.startsWith(FIELD_PREFIX) && key.length() > FIELD_PREFIX.length())) {
                    byName.put(key.startsWith(FIELD_PREFIX) ? FIELD_PREFIX + h.strip().substring(FIELD_PREFIX.length()) : key, h);
                } else {
                    unknown.add(h);
                }
            }
            if (!unknown.isEmpty()) {
                throw new CsvImportException(1, "unknown column(s) " + unknown + "; known: " + KNOWN
                        + " and field.<name> for custom fields; nothing was imported", null);
            }
            if (!byName.containsKey("name") && !byName.containsKey("account_number")) {
                throw new CsvImportException(1, "the header needs a 'name' column; nothing was imported", null);
            }
            return byName;
        }

        private void row(long line, CSVRecord record, Map<String, String> columns) throws SQLException {
            Map<String, String> v = new LinkedHashMap<>();
            columns.forEach((key, header) -> v.put(key, record.isSet(header) ? record.get(header) : null));
            List<String> reasons = new ArrayList<>();
            if (!record.isConsistent()) {
                reasons.add("has " + record.size() + " values; the header has " + columns.size() + " columns");
            }
            String account = blankToNull(v.get("account_number"));
            Map<String, String> customerColumns = customerColumns(v);
            String customerId = null;
            CustomerDraft customer = null;
            Created known = account == null ? null : accounts.get(account);
            if (known != null) {
                customerId = known.customerId();
                customerColumns.forEach((k, val) -> {
                    if (!val.equals(known.customerColumns().getOrDefault(k, ""))) {
                        reasons.add(k + " differs from line " + known.line() + ", which created account " + account
                                + " (leave customer columns empty on its contact rows)");
                    }
                });
            } else if (account != null && rejectedAccounts.containsKey(account)) {
                reasons.add("account " + account + " was rejected on line " + rejectedAccounts.get(account));
            } else {
                customer = customerDraft(v, account, reasons);
                if (account != null) {
                    String holder = JdbcCustomerStore.single(c, "SELECT id FROM customer WHERE account_number = ?", account);
                    if (holder != null) {
                        reasons.add("accountNumber: '" + account + "' is already used by customer " + holder);
                    }
                }
            }
            ContactDraft contact = contactDraft(line, v, reasons);
            if (!reasons.isEmpty()) {
                reject(line, reasons, known == null ? account : null);
                return;
            }
            // Once all-or-nothing has rejected a row the file will be rolled back: keep checking, stop writing.
            boolean write = mode == ImportMode.VALID_ROWS || rejectedCount == 0;
            if (customer != null) {
                customerId = ids.next("cus");
                String pin = customer.pin();
                if (write) {
                    inserts.addCustomer(customerId, customer, pin == null || pin.isEmpty() ? null : pins.hash(pin), now);
                }
                customers++;
                if (account != null) {
                    accounts.put(account, new Created(customerId, line, customerColumns));
                }
            }
            if (contact != null) {
                if (write) {
                    inserts.addContact(ids.next("con"), customerId, contact, now);
                }
                contacts++;
                if (contact.chatIdentity() != null) {
                    chatIdentities.put(contact.chatIdentity(), line);
                }
            }
        }

        private CustomerDraft customerDraft(Map<String, String> v, String account, List<String> reasons) {
            Tier tier = null;
            String tierText = blankToNull(v.get("tier"));
            if (tierText != null) {
                try {
                    tier = Tier.valueOf(tierText.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    reasons.add("tier: '" + tierText + "' is not one of " + Arrays.toString(Tier.values()));
                }
            }
            Map<String, String> fields = new LinkedHashMap<>();
            v.forEach((k, val) -> {
                if (k.startsWith(FIELD_PREFIX) && blankToNull(val) != null) {
                    fields.put(k.substring(FIELD_PREFIX.length()), val);
                }
            });
            CustomerDraft draft = new CustomerDraft(v.get("name"), tier, v.get("industry"),
                    new Address(v.get("street"), v.get("postal_code"), v.get("city"), v.get("region"), v.get("country")),
                    account, split(v.get("tags")), fields, blankToNull(v.get("pin")));
            try {
                return rules.customer(draft);
            } catch (InvalidFieldsException e) {
                e.errors().stream().map(FieldError::toString).forEach(reasons::add);
                return null;
            }
        }

        private ContactDraft contactDraft(long line, Map<String, String> v, List<String> reasons) throws SQLException {
            boolean any = CONTACT_COLUMNS.stream().anyMatch(k -> blankToNull(v.get(k)) != null);
            if (!any) {
                return null;
            }
            List<Phone> phones = split(v.get("phones")).stream().map(Phone::of).toList();
            ContactDraft draft = new ContactDraft(v.get("contact_name"), v.get("contact_title"), phones,
                    split(v.get("emails")), v.get("chat_identity"));
            try {
                ContactDraft d = rules.contact(draft);
                if (d.chatIdentity() != null) {
                    Long earlier = chatIdentities.get(d.chatIdentity());
                    if (earlier != null) {
                        reasons.add("chatIdentity: '" + d.chatIdentity() + "' is already used on line " + earlier);
                    } else if (JdbcCustomerStore.single(c, "SELECT id FROM contact WHERE chat_identity = ?",
                            d.chatIdentity()) != null) {
                        reasons.add("chatIdentity: '" + d.chatIdentity() + "' is already used by a contact in the store");
                    }
                }
                return d;
            } catch (InvalidFieldsException e) {
                e.errors().stream().map(err -> "contact " + err).forEach(reasons::add);
                return null;
            }
        }

        private void reject(long line, List<String> reasons, String account) {
            rejectedCount++;
            if (rejected.size() < ImportReport.MAX_LISTED) {
                rejected.add(new RejectedRow(line, reasons));
            }
            if (account != null) {
                rejectedAccounts.putIfAbsent(account, line);
            }
        }
    }

    private static Map<String, String> customerColumns(Map<String, String> v) {
        Map<String, String> out = new LinkedHashMap<>();
        v.forEach((k, val) -> {
            if ((CUSTOMER_COLUMNS.contains(k) || k.startsWith(FIELD_PREFIX)) && blankToNull(val) != null) {
                out.put(k, val.strip());
            }
        });
        return out;
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static boolean isBlank(CSVRecord r) {
        for (String value : r) {
            if (value != null && !value.isBlank()) {
                return false;
            }
        }
        return true;
    }

}
