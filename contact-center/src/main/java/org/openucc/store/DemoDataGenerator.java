package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.openucc.crm.Address;
import org.openucc.crm.CasePriority;
import org.openucc.crm.CaseStatus;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CrmRules;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.DemoCustomers;
import org.openucc.crm.Phone;
import org.openucc.crm.PinHasher;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty store with demo customers so the console has something real to show: the
 * {@link DemoCustomers} plus generated ones (from {@link DemoCustomers#SEED}) with contacts, cases,
 * notes, tasks and interaction history in the 90 days before the clock's now. One transaction, with a
 * marker row in it: a second start finds the marker and does nothing, a crash halfway leaves nothing.
 */
public final class DemoDataGenerator {
    private static final Logger log = LoggerFactory.getLogger(DemoDataGenerator.class);
    static final String MARKER = "demo-data";
    private static final int FLUSH_EVERY = 1000;

    private final Database db;
    private final CrmRules rules;
    private final PinHasher pins;
    private final InstantSource clock;

    /** What a run did. */
    public record Result(boolean generated, int customers, int contacts, int cases, int notes, int tasks, int interactions,
                         long events, long millis, String skippedBecause) {
    }

    private final List<String> agents;

    public DemoDataGenerator(Database db, CrmRules rules, PinHasher pins, InstantSource clock) {
        this(db, rules, pins, clock, List.of());
    }

    /** @param agents who the generated history names as the agents (the configured ones); empty: agent-01..20 */
    public DemoDataGenerator(Database db, CrmRules rules, PinHasher pins, InstantSource clock, List<String> agents) {
        this.agents = List.copyOf(agents);
        this.db = db;
        this.rules = rules;
        this.pins = pins;
        this.clock = clock;
    }

    /** Generates {@code customers} customers (the well-known ones included) unless the store has any or had demo data. */
    public Result generateIfEmpty(int customers) {
        return generateIfEmpty(customers, () -> false);
    }

    /**
     * As {@link #generateIfEmpty(int)}, giving up before the next customer once {@code cancelled} is true (the
     * server is stopping while it starts): the transaction rolls back, so nothing is half-generated and
     * the next start generates again.
     *
     * @throws CancellationException when cancelled
     */
    public Result generateIfEmpty(int customers, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        Result result = db.write("generating demo data", c -> {
            if (JdbcCustomerStore.single(c, "SELECT name FROM store_marker WHERE name = ?", MARKER) != null) {
                return skipped("demo data was generated before");
            }
            long existing = count(c);
            if (existing > 0) {
                return skipped("the store already holds " + existing + " customers");
            }
            int total = Math.max(customers, DemoCustomers.ALL.size());
            log.info("generating {} demo customers (first start; a stop signal interrupts it)", total);
            return new Run(c, clock.instant(), cancelled).generate(total, start);
        });
        if (result.generated()) {
            log.info("demo data: {} customers, {} contacts, {} cases, {} notes, {} tasks, {} interactions ({} events) in {} ms",
                    result.customers(), result.contacts(), result.cases(), result.notes(), result.tasks(),
                    result.interactions(), result.events(), result.millis());
        } else {
            log.info("demo data not generated: {}", result.skippedBecause());
        }
        return result;
    }

    private static Result skipped(String why) {
        return new Result(false, 0, 0, 0, 0, 0, 0, 0, 0, why);
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One generation, in the caller's transaction. */
    private final class Run {
        final Connection c;
        final Instant now;
        final SplittableRandom random = new SplittableRandom(DemoCustomers.SEED);
        final List<NewLogEvent> events = new ArrayList<>();
        CustomerInserts inserts;
        PreparedStatement caseInsert;
        PreparedStatement noteInsert;
        PreparedStatement taskInsert;
        int contacts;
        int cases;
        int notes;
        int tasks;
        int interactions;
        long eventCount;

        final BooleanSupplier cancelled;

        Run(Connection c, Instant now, BooleanSupplier cancelled) {
            this.c = c;
            this.now = now;
            this.cancelled = cancelled;
        }

        Result generate(int total, long startNanos) throws SQLException {
            try (CustomerInserts ins = new CustomerInserts(c);
                 PreparedStatement cs = c.prepareStatement("INSERT INTO service_case (id, customer_id, subject, description,"
                         + " status, is_open, priority, priority_rank, owner_agent_id, opened_at, closed_at, version, updated_at)"
                         + " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1, ?)");
                 PreparedStatement ns = c.prepareStatement("INSERT INTO note (id, customer_id, author, body, interaction_id,"
                         + " version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)");
                 PreparedStatement ts = c.prepareStatement("INSERT INTO follow_up_task (id, customer_id, subject, due_at,"
                         + " owner_agent_id, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'OPEN', 1, ?, ?)")) {
                inserts = ins;
                caseInsert = cs;
                noteInsert = ns;
                taskInsert = ts;
                for (DemoCustomers.Demo d : DemoCustomers.ALL) {
                    wellKnown(d);
                }
                for (int i = DemoCustomers.ALL.size(); i < total; i++) {
                    if (cancelled.getAsBoolean()) {
                        log.info("demo data generation stopped after {} of {} customers; nothing of it is kept", i,
                                total);
                        throw new CancellationException("demo data generation stopped: the server is stopping");
                    }
                    generated(i);
                    if (i % FLUSH_EVERY == 0) {
                        flush();
                    }
                }
                flush();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_marker (name, marker, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, MARKER);
                ps.setString(2, "seed " + DemoCustomers.SEED + ", " + total + " customers");
                Sql.setTime(ps, 3, now);
                ps.executeUpdate();
            }
            return new Result(true, total, contacts, cases, notes, tasks, interactions, eventCount,
                    (System.nanoTime() - startNanos) / 1_000_000, null);
        }

        private void wellKnown(DemoCustomers.Demo d) throws SQLException {
            CustomerDraft draft = rules.customer(new CustomerDraft(d.name(), d.tier(), d.industry(),
                    new Address(null, null, d.city(), null, null), d.accountNumber(), List.of("demo"), Map.of(), d.pin()));
            inserts.addCustomer(d.customerId(), draft, d.pin() == null ? null : pins.hash(d.pin()), now);
            contact(d.contactId(), d.customerId(), new ContactDraft(d.contactName(), null, List.of(new Phone(d.phone(), "work")),
                    List.of(d.email()), d.chatIdentity()));
            if (d == DemoCustomers.VIP) {
                serviceCase(d.customerId() + "_1", d.customerId(), DemoCustomers.VIP_OPEN_CASE_SUBJECT, CaseStatus.OPEN,
                        CasePriority.HIGH, now.minus(Duration.ofDays(2)));
                note(d.customerId() + "_1", d.customerId(), "Prefers to be called back before 10:00.", now.minus(Duration.ofDays(9)));
                task(d.customerId() + "_1", d.customerId(), "Confirm the refund was paid", now.plus(Duration.ofDays(1)));
                for (int k = 0; k < DemoCustomers.VIP_INTERACTIONS; k++) {
                    interaction(d.customerId(), d.customerId() + "-" + k, Channel.VOICE, false);
                }
            }
        }

        private void generated(int i) throws SQLException {
            SplittableRandom r = random;
            String id = String.format(Locale.ROOT, "cus_gen_%07d", i);
            Tier tier = tier(r.nextInt(100));
            boolean person = tier == Tier.C && r.nextInt(3) > 0;
            String[] city = DemoNames.CITIES[r.nextInt(DemoNames.CITIES.length)];
            String last = DemoNames.pick(r, DemoNames.LAST);
            String name = person ? DemoNames.pick(r, DemoNames.FIRST) + " " + last
                    : last + " " + DemoNames.pick(r, DemoNames.BUSINESS) + " " + DemoNames.pick(r, DemoNames.LEGAL);
            List<String> tags = r.nextInt(4) == 0 ? List.of(DemoNames.pick(r, DemoNames.TAGS)) : List.of();
            CustomerDraft draft = rules.customer(new CustomerDraft(name, tier, person ? null : DemoNames.pick(r, DemoNames.INDUSTRY),
                    new Address(DemoNames.pick(r, DemoNames.STREETS) + " " + (1 + r.nextInt(120)), city[1], city[0], null, "DE"),
                    String.valueOf(200_000 + i), tags, Map.of(), null));
            inserts.addCustomer(id, draft, null, now);
            int contactCount = person ? 1 : 1 + r.nextInt(3);
            for (int k = 0; k < contactCount; k++) {
                String first = person && k == 0 ? name.substring(0, name.indexOf(' ')) : DemoNames.pick(r, DemoNames.FIRST);
                String contactLast = person ? last : DemoNames.pick(r, DemoNames.LAST);
                List<Phone> phones = new ArrayList<>();
                // Unique by construction: landline +49 <area> 9<index><k>, mobile +49 151 <index><k>.
                phones.add(new Phone("+49" + city[2] + "9" + String.format(Locale.ROOT, "%07d", i * 3 + k), "work"));
                if (r.nextInt(2) == 0) {
                    phones.add(new Phone("+49151" + String.format(Locale.ROOT, "%08d", i * 3 + k), "mobile"));
                }
                String email = (first + "." + contactLast).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + "." + i + k + "@demo.example";
                contact(id + "_" + k, id, new ContactDraft(first + " " + contactLast,
                        person ? null : DemoNames.pick(r, DemoNames.TITLES), phones, List.of(email), null));
            }
            if (r.nextInt(5) == 0) {
                serviceCase(id + "_1", id, DemoNames.pick(r, DemoNames.CASE_SUBJECTS), r.nextInt(3) == 0 ? CaseStatus.PENDING
                        : CaseStatus.OPEN, CasePriority.values()[r.nextInt(4)], now.minus(Duration.ofHours(1 + r.nextInt(600))));
            }
            if (r.nextInt(3) == 0) {
                serviceCase(id + "_2", id, DemoNames.pick(r, DemoNames.CASE_SUBJECTS), CaseStatus.CLOSED, CasePriority.NORMAL,
                        now.minus(Duration.ofDays(30 + r.nextInt(300))));
            }
            if (r.nextInt(3) == 0) {
                note(id + "_1", id, DemoNames.pick(r, DemoNames.NOTES), now.minus(Duration.ofHours(1 + r.nextInt(2000))));
            }
            if (r.nextInt(10) == 0) {
                task(id + "_1", id, "Call back about " + DemoNames.pick(r, DemoNames.CASE_SUBJECTS).toLowerCase(Locale.ROOT),
                        now.plus(Duration.ofHours(r.nextInt(240))));
            }
            int history = r.nextInt(3);
            for (int k = 0; k < history; k++) {
                Channel ch = switch (r.nextInt(20)) {
                    case 0, 1, 2, 3 -> Channel.CHAT;
                    case 4, 5, 6 -> Channel.EMAIL;
                    case 7 -> Channel.CALLBACK;
                    default -> Channel.VOICE;
                };
                interaction(id, "demo-" + i + "-" + k, ch, r.nextInt(10) == 0);
            }
        }

        private Tier tier(int percent) {
            return percent < 2 ? Tier.VIP : percent < 15 ? Tier.A : percent < 50 ? Tier.B : Tier.C;
        }

        private void contact(String id, String customerId, ContactDraft draft) throws SQLException {
            inserts.addContact(id, customerId, rules.contact(draft), now);
            contacts++;
        }

        private void serviceCase(String id, String customerId, String subject, CaseStatus status, CasePriority priority,
                                 Instant opened) throws SQLException {
            caseInsert.setString(1, "cas_" + id.substring(4));
            caseInsert.setString(2, customerId);
            caseInsert.setString(3, subject);
            caseInsert.setString(4, status.name());
            caseInsert.setBoolean(5, status.isOpen());
            caseInsert.setString(6, priority.name());
            caseInsert.setInt(7, priority.ordinal());
            caseInsert.setString(8, random.nextInt(2) == 0 ? null : agent());
            Sql.setTime(caseInsert, 9, opened);
            Sql.setTime(caseInsert, 10, status.isOpen() ? null : opened.plus(Duration.ofDays(3)));
            Sql.setTime(caseInsert, 11, opened);
            caseInsert.addBatch();
            cases++;
        }

        private void note(String id, String customerId, String text, Instant at) throws SQLException {
            noteInsert.setString(1, "not_" + id.substring(4));
            noteInsert.setString(2, customerId);
            noteInsert.setString(3, agent());
            noteInsert.setString(4, text);
            noteInsert.setString(5, null);
            Sql.setTime(noteInsert, 6, at);
            Sql.setTime(noteInsert, 7, at);
            noteInsert.addBatch();
            notes++;
        }

        private void task(String id, String customerId, String subject, Instant due) throws SQLException {
            taskInsert.setString(1, "tsk_" + id.substring(4));
            taskInsert.setString(2, customerId);
            taskInsert.setString(3, subject);
            Sql.setTime(taskInsert, 4, due);
            taskInsert.setString(5, agent());
            Sql.setTime(taskInsert, 6, now);
            Sql.setTime(taskInsert, 7, now);
            taskInsert.addBatch();
            tasks++;
        }

        private String agent() {
            return agents.isEmpty() ? String.format(Locale.ROOT, "agent-%02d", 1 + random.nextInt(20))
                    : agents.get(random.nextInt(agents.size()));
        }

        /** A past interaction as the channel, the engine and the agent would have logged it. */
        private void interaction(String customerId, String interactionId, Channel channel, boolean abandoned) {
            SplittableRandom r = random;
            // Every event more than a day before now (an interaction spans at most ~80 min): the history is
            // never "today" in any time zone, so the wallboard and today's figures start from what happens.
            Instant t = now.minus(Duration.ofMinutes(24 * 60 + 90 + r.nextInt(88 * 24 * 60)));
            String queue = DemoNames.pick(r, DemoNames.QUEUES);
            String agent = agent();
            add(new NewLogEvent(t, LogEventType.INTERACTION_CREATED, interactionId, null, queue, customerId, null,
                    Map.of("channel", channel.name(), "direction", "INBOUND")));
            t = t.plusSeconds(channel.isVoice() ? 10 + r.nextInt(40) : 1);
            add(ev(t, LogEventType.QUEUED, interactionId, null, queue));
            t = t.plusSeconds(5 + r.nextInt(channel == Channel.EMAIL ? 3600 : 180));
            if (abandoned) {
                add(new NewLogEvent(t, LogEventType.ABANDONED, interactionId, null, queue, null, null,
                        Map.of("reason", "caller hung up")));
                interactions++;
                return;
            }
            add(ev(t, LogEventType.OFFERED, interactionId, agent, queue));
            t = t.plusSeconds(2 + r.nextInt(10));
            add(ev(t, LogEventType.CONNECTED, interactionId, agent, queue));
            t = t.plusSeconds(60 + r.nextInt(900));
            add(new NewLogEvent(t, LogEventType.ENDED, interactionId, agent, queue, null, null, Map.of("reason", "completed")));
            add(ev(t, LogEventType.WRAP_UP_STARTED, interactionId, agent, null));
            t = t.plusSeconds(10 + r.nextInt(90));
            add(ev(t, LogEventType.WRAP_UP_ENDED, interactionId, agent, null));
            add(NewLogEvent.disposition(t, interactionId, agent, DemoNames.pick(r, DemoNames.DISPOSITIONS), null));
            interactions++;
        }

        private NewLogEvent ev(Instant t, LogEventType type, String interactionId, String agent, String queue) {
            return new NewLogEvent(t, type, interactionId, agent, queue, null, null, Map.of());
        }

        private void add(NewLogEvent e) {
            events.add(e);
            eventCount++;
        }

        private void flush() throws SQLException {
            inserts.execute();
            caseInsert.executeBatch();
            noteInsert.executeBatch();
            taskInsert.executeBatch();
            if (!events.isEmpty()) {
                LogInserts.insertAndFold(c, events);
                events.clear();
            }
        }
    }
}
