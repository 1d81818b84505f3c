package org.openucc.outbound;

import java.io.Reader;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.openucc.crm.Contact;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.CustomerSummary;
import org.openucc.crm.Ids;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.crm.Phone;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.StateConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns as data: their settings and state, their calling lists (CSV, JSON rows, a CRM query), the
 * do-not-call lists, and the record chooser the campaign runtime dials from ({@link #nextToDial},
 * {@link #recordOutcome}, {@link #recoverDialing}). Blocking (JDBC): call it from worker threads. See the
 * package documentation for how the runtime uses it.
 */
public final class CampaignService {
    private static final Logger log = LoggerFactory.getLogger(CampaignService.class);
    /** Most rows one list (CSV or JSON) may add unless the caller says otherwise ({@code api.maxListRows}). */
    public static final int MAX_ROWS_PER_LIST = 100_000;
    /** Most customers one CRM query may add. */
    public static final int MAX_CRM_RECORDS = 10_000;
    /** Candidates read per round of the chooser beyond what is asked (some fail their checks). */
    private static final int CHOOSER_ROUNDS = 20;
    private static final Pattern OUTCOME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}");
    private static final Pattern LIST_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    private final CampaignStore store;
    private final DoNotCallStore dnc;
    private final CustomerStore customers;
    private final PhoneNormalizer phones;
    private final CampaignRules rules;
    private final CallerTimeZones zones;
    private final InstantSource clock;
    private final Ids ids;
    private final ListChecker checker;
    private final List<CampaignStateListener> listeners = new CopyOnWriteArrayList<>();
    /** One chooser at a time per campaign on this node (other nodes are kept out by the conditional updates). */
    private final Map<String, Object> chooserLocks = new ConcurrentHashMap<>();

    public CampaignService(CampaignStore store, DoNotCallStore dnc, CustomerStore customers, PhoneNormalizer phones,
                           CampaignRules rules, CallerTimeZones zones, InstantSource clock) {
        this.store = store;
        this.dnc = dnc;
        this.customers = customers;
        this.phones = phones;
        this.rules = rules;
        this.zones = zones;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.checker = new ListChecker(phones, zones, dnc, ids);
    }

    /** Now, as precisely as the store keeps times (PostgreSQL: microseconds), so what is returned is what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public CallerTimeZones zones() {
        return zones;
    }

    // ------------------------------------------------------------------ campaigns

    /** The runtime registers here to hear of start, pause, stop and finish. */
    /** What a running campaign's dialer shows live (calls in flight, agents, abandon rates), when one runs here. */
    @FunctionalInterface
    public interface LiveFigures {
        java.util.concurrent.CompletionStage<java.util.Optional<?>> of(String campaignId);
    }

    private volatile LiveFigures live = id -> java.util.concurrent.CompletableFuture.completedFuture(
            java.util.Optional.empty());

    /** Where {@link #live} asks (the campaign runtime registers itself when it starts). */
    public void liveFrom(LiveFigures source) {
        this.live = source;
    }

    /** The campaign's live dialer figures; empty when it does not run on this server (never started, or stopped). */
    public java.util.concurrent.CompletionStage<java.util.Optional<?>> live(String campaignId) {
        get(campaignId); // 404 for an unknown campaign
        return live.of(campaignId);
    }

    public void addListener(CampaignStateListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CampaignStateListener listener) {
        listeners.remove(listener);
    }

    /** A new campaign in DRAFT. */
    public Campaign create(CampaignDraft draft) {
        CampaignDraft checked = rules.check(draft);
        Instant now = now();
        Campaign c = new Campaign(ids.next("cmp"), checked, CampaignState.DRAFT, 1, now, now);
        store.insert(c);
        log.info("Campaign {} '{}' created ({} mode, queue {})", c.id(), c.name(), checked.mode(), checked.queueId());
        return c;
    }

    /** Replaces the settings (any state but STOPPED) if {@code expectedVersion} is the stored one. */
    public Campaign update(String campaignId, long expectedVersion, CampaignDraft draft) {
        CampaignDraft checked = rules.check(draft);
        Campaign current = get(campaignId);
        if (current.state() == CampaignState.STOPPED) {
            throw new StateConflictException("campaign " + campaignId + " is STOPPED; its settings no longer change");
        }
        if (current.version() != expectedVersion) {
            throw org.openucc.crm.ConflictException.staleVersion("campaign", campaignId, expectedVersion,
                    current.version());
        }
        Campaign next = new Campaign(campaignId, checked, current.state(), expectedVersion + 1, current.createdAt(),
                now());
        store.replace(next, current.state());
        for (CampaignStateListener l : listeners) {
            try {
                l.settingsChanged(next);
            } catch (RuntimeException e) {
                log.error("Campaign {}: a listener failed on new settings (they are stored)", campaignId, e);
            }
        }
        return next;
    }

    public Campaign get(String campaignId) {
        return store.find(campaignId).orElseThrow(() -> new NotFoundException("campaign", campaignId));
    }

    public List<Campaign> list() {
        return store.list();
    }

    public Campaign start(String campaignId) {
        return move(campaignId, CampaignState.RUNNING);
    }

    public Campaign pause(String campaignId) {
        return move(campaignId, CampaignState.PAUSED);
    }

    public Campaign stop(String campaignId) {
        return move(campaignId, CampaignState.STOPPED);
    }

    /** RUNNING → FINISHED: for the runtime, when nothing is left to dial. */
    public Campaign finish(String campaignId) {
        return move(campaignId, CampaignState.FINISHED);
    }

    /** A legal state move, stored, then told to the listeners; an illegal one is a {@link StateConflictException}. */
    public Campaign move(String campaignId, CampaignState to) {
        Campaign current = get(campaignId);
        CampaignState from = current.state();
        if (!from.canMoveTo(to)) {
            throw new StateConflictException("campaign " + campaignId + " is " + from + " and cannot become " + to
                    + (from.next().isEmpty() ? " (" + from + " is final)" : "; from " + from + " it can become "
                    + new java.util.TreeSet<>(from.next())));
        }
        Campaign next = current.with(to, current.version() + 1, now());
        try {
            store.replace(next, from);
        } catch (org.openucc.crm.ConflictException e) {
            throw new StateConflictException("campaign " + campaignId + " was changed at the same time; read it again"
                    + " and retry");
        }
        log.info("Campaign {} '{}': {} -> {}", campaignId, next.name(), from, to);
        for (CampaignStateListener l : listeners) {
            try {
                l.stateChanged(next, from, to);
            } catch (RuntimeException e) {
                log.error("Campaign {} {} -> {}: a state listener failed (the change is stored)", campaignId, from, to, e);
            }
        }
        return next;
    }

    // ------------------------------------------------------------------ lists

    /** Adds a CSV calling list (see {@link ListCsv}); every row becomes a record, PENDING or FAILED. */
    public ListImportReport importCsv(String campaignId, Reader csv) {
        return importCsv(campaignId, csv, MAX_ROWS_PER_LIST);
    }

    /** As {@link #importCsv(String, Reader)}; a file of more than {@code maxRows} rows adds nothing. */
    public ListImportReport importCsv(String campaignId, Reader csv, int maxRows) {
        Campaign c = openForRecords(campaignId);
        return add(c, ListCsv.calls(csv, maxRows));
    }

    /** Adds rows given as data (the REST API's JSON rows). */
    public ListImportReport addRows(String campaignId, List<RecordDraft> rows) {
        return addRows(campaignId, rows, MAX_ROWS_PER_LIST);
    }

    /** As {@link #addRows(String, List)}; more than {@code maxRows} rows add nothing. */
    public ListImportReport addRows(String campaignId, List<RecordDraft> rows, int maxRows) {
        Campaign c = openForRecords(campaignId);
        if (rows.size() > maxRows) {
            throw InvalidInputException.field("rows", "at most " + maxRows + " rows at once");
        }
        return add(c, rows);
    }

    /**
     * Adds the customers matching {@code query} (at most {@code max}, ordered by name), each with their primary
     * phone: the first number of their first contact that has one. A customer without a phone becomes a FAILED
     * record ("invalid-number"), like any row.
     */
    public ListImportReport addFromCrm(String campaignId, CustomerQuery query, int max) {
        Campaign c = openForRecords(campaignId);
        if (max < 1 || max > MAX_CRM_RECORDS) {
            throw InvalidInputException.field("limit", "must be 1.." + MAX_CRM_RECORDS);
        }
        List<RecordDraft> rows = new ArrayList<>();
        PageRequest page = PageRequest.first(Math.min(max, PageRequest.MAX_LIMIT));
        while (rows.size() < max) {
            Page<CustomerSummary> found = customers.search(query, page);
            for (CustomerSummary s : found.items()) {
                if (rows.size() < max) {
                    rows.add(new RecordDraft(rows.size() + 1, primaryPhone(s.id()), s.id(), s.name(), Map.of(), null));
                }
            }
            if (!found.hasMore()) {
                break;
            }
            page = page.next();
        }
        return add(c, rows);
    }

    private String primaryPhone(String customerId) {
        for (Contact contact : customers.contacts(customerId)) {
            for (Phone p : contact.phones()) {
                return p.number();
            }
        }
        return null;
    }

    private ListImportReport add(Campaign c, List<RecordDraft> rows) {
        ListChecker.Checked checked = checker.check(c, rows, store.phones(c.id()), now());
        store.addRecords(checked.records());
        ListImportReport r = checked.report();
        log.info("Campaign {}: list of {} rows, {} added, {} failed {}", c.id(), r.rows(), r.added(), r.failed(),
                r.failedByReason());
        return r;
    }

    private Campaign openForRecords(String campaignId) {
        Campaign c = get(campaignId);
        if (c.state() == CampaignState.STOPPED) {
            throw new StateConflictException("campaign " + campaignId + " is STOPPED; it takes no more records");
        }
        return c;
    }

    public Page<CampaignRecord> records(String campaignId, Set<CampaignRecord.State> states, PageRequest page) {
        get(campaignId);
        return store.records(campaignId, states, page);
    }

    public CampaignRecord record(String recordId) {
        return store.record(recordId).orElseThrow(() -> new NotFoundException("campaign record", recordId));
    }

    /** The agent who scheduled a callback on a preview record: its next preview is theirs (null: anyone's). */
    public String callbackAgent(String recordId) {
        return store.callbackAgent(recordId).orElse(null);
    }

    /** Stores (null: clears) the agent a record's callback belongs to. */
    public void callbackAgent(String recordId, String agentId) {
        store.callbackAgent(recordId, agentId);
    }

    // ------------------------------------------------------------------ the chooser

    /**
     * Up to {@code max} records to dial now, oldest due first, each moved to DIALING with its attempt counted
     * (atomically: no record is handed out twice, by this node or another). Due means PENDING with its next
     * attempt not after {@code now} and the calling window open in all of the callee's zones. On the way, a
     * record that may no longer be called becomes FAILED: on a do-not-call list now ({@code dnc:<list>}), no
     * consent while the campaign requires it, or no attempts left. Records whose window is closed stay PENDING
     * ({@link CampaignFigures#waitingForWindow()}). Empty unless the campaign is RUNNING.
     */
    public List<CampaignRecord> nextToDial(String campaignId, Instant at, int max) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, not " + max);
        }
        Campaign c = get(campaignId);
        if (c.state() != CampaignState.RUNNING) {
            return List.of();
        }
        synchronized (chooserLocks.computeIfAbsent(campaignId, k -> new Object())) {
            List<String> open = openZones(c, now);
            List<CampaignRecord> chosen = new ArrayList<>();
            if (open.isEmpty()) {
                return chosen;
            }
            for (int round = 0; round < CHOOSER_ROUNDS && chosen.size() < max; round++) {
                int want = max - chosen.size();
                List<CampaignRecord> candidates = store.due(campaignId, now, open, want);
                if (candidates.isEmpty()) {
                    break;
                }
                Map<String, String> hits = dnc.hits(candidates.stream().map(CampaignRecord::phone).toList(), campaignId);
                List<CampaignRecord> claims = new ArrayList<>();
                List<CampaignRecord> failures = new ArrayList<>();
                for (CampaignRecord r : candidates) {
                    String why = refusal(c, r, hits);
                    if (why == null) {
                        claims.add(r.moved(CampaignRecord.State.DIALING, r.attempts() + 1, r.nextAttemptAt(),
                                r.lastOutcome(), null, r.detail(), now));
                    } else {
                        String detail = why.startsWith("dnc:") ? r.phone() + " is on the do-not-call list '"
                                + why.substring(4) + "' (checked before dialing)" : why.equals("no-consent")
                                ? "the campaign calls only numbers with recorded consent"
                                : r.attempts() + " attempts made, the campaign allows " + c.settings().maxAttempts();
                        failures.add(r.moved(CampaignRecord.State.FAILED, r.attempts(), null, r.lastOutcome(), why,
                                detail, now));
                    }
                }
                List<CampaignRecord> all = new ArrayList<>(claims);
                all.addAll(failures);
                for (CampaignRecord moved : store.move(all, CampaignRecord.State.PENDING)) {
                    if (moved.state() == CampaignRecord.State.DIALING) {
                        chosen.add(moved);
                    } else {
                        log.info("Campaign {}: record {} not dialed: {}", campaignId, moved.id(), moved.reason());
                    }
                }
                if (candidates.size() < want) {
                    break;
                }
            }
            return chosen;
        }
    }

    private static String refusal(Campaign c, CampaignRecord r, Map<String, String> hits) {
        if (hits.containsKey(r.phone())) {
            return "dnc:" + hits.get(r.phone());
        }
        if (c.settings().requireConsent() && (r.consent() == null || r.consent().givenAt() == null)) {
            return "no-consent";
        }
        if (r.attempts() >= c.settings().maxAttempts()) {
            return "max-attempts";
        }
        return null;
    }

    /** The zone sets (as stored on records) of due records whose window is open now. */
    private List<String> openZones(Campaign c, Instant now) {
        List<String> open = new ArrayList<>();
        for (String z : store.dueByZones(c.id(), now).keySet()) {
            if (zones.isOpen(c.settings().window(), z, now)) {
                open.add(z);
            }
        }
        return open;
    }

    /** As {@link #recordOutcome(String, String, String, Instant, Instant)} with the schedule's retry time. */
    public CampaignRecord recordOutcome(String recordId, String outcome, String detail, Instant now) {
        return recordOutcome(recordId, outcome, detail, now, null);
    }

    /**
     * The outcome of a DIALING record's attempt: a dialer outcome ({@link RetrySchedule#SYSTEM_OUTCOMES}) or the
     * agent's disposition. The campaign's schedule decides: final (DONE for a disposition, FAILED for a dialer
     * outcome), or PENDING again after the outcome's delay, or FAILED {@code max-attempts} when none are left.
     *
     * @param retryAt a time the agent chose for the next attempt (a callback), overriding the schedule; null: none
     * @throws StateConflictException if the record is not DIALING (its outcome was already recorded)
     */
    public CampaignRecord recordOutcome(String recordId, String outcome, String detail, Instant at, Instant retryAt) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (outcome == null || !OUTCOME.matcher(outcome).matches()) {
            throw InvalidInputException.field("outcome", "'" + outcome + "' is not an outcome code (letters, digits,"
                    + " - _ . :, at most 40 characters)");
        }
        CampaignRecord r = record(recordId);
        if (r.state() != CampaignRecord.State.DIALING) {
            throw new StateConflictException("record " + recordId + " is " + r.state() + ", not DIALING: its outcome"
                    + " was recorded already or it was never handed to the dialer");
        }
        Campaign c = get(r.campaignId());
        String d = detail == null ? null : detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        RetrySchedule.Decision decision = retryAt != null
                ? new RetrySchedule.Retry(java.time.Duration.between(now, retryAt).isNegative()
                        ? java.time.Duration.ZERO : java.time.Duration.between(now, retryAt))
                : c.settings().retrySchedule().decide(outcome);
        CampaignRecord next;
        if (decision instanceof RetrySchedule.Final f) {
            next = f.reached()
                    ? r.moved(CampaignRecord.State.DONE, r.attempts(), null, outcome, null, d, now)
                    : r.moved(CampaignRecord.State.FAILED, r.attempts(), null, outcome, outcome, d, now);
        } else if (r.attempts() >= c.settings().maxAttempts()) {
            String why = r.attempts() + " attempts, the last " + outcome + (d == null ? "" : " (" + d + ")");
            next = r.moved(CampaignRecord.State.FAILED, r.attempts(), null, outcome, "max-attempts",
                    why.length() > 1000 ? why.substring(0, 1000) : why, now);
        } else {
            RetrySchedule.Retry retry = (RetrySchedule.Retry) decision;
            next = r.moved(CampaignRecord.State.PENDING, r.attempts(), now.plus(retry.delay()), outcome, null, d, now);
        }
        List<CampaignRecord> moved = store.move(List.of(next), CampaignRecord.State.DIALING);
        if (moved.isEmpty()) {
            throw new StateConflictException("record " + recordId + " changed at the same time; its outcome was"
                    + " recorded already");
        }
        return next;
    }

    /**
     * A DIALING record handed back without a call placed (a preview that timed out or was withdrawn, or an agent's
     * callback scheduled before dialling): PENDING again, due at {@code dueAt}, and the attempt it was taken for is
     * not counted.
     *
     * @param outcome its last outcome from now on (e.g. {@code CALLBACK}); null keeps the previous one
     * @throws StateConflictException if the record is not DIALING
     */
    public CampaignRecord release(String recordId, String outcome, String detail, Instant at, Instant dueAt) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        CampaignRecord r = record(recordId);
        if (r.state() != CampaignRecord.State.DIALING) {
            throw new StateConflictException("record " + recordId + " is " + r.state() + ", not DIALING: it was"
                    + " handed back or its outcome recorded already");
        }
        Instant due = dueAt == null ? now : dueAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String d = detail == null ? null : detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        CampaignRecord next = r.moved(CampaignRecord.State.PENDING, Math.max(0, r.attempts() - 1), due,
                outcome == null ? r.lastOutcome() : outcome, null, d, now);
        if (store.move(List.of(next), CampaignRecord.State.DIALING).isEmpty()) {
            throw new StateConflictException("record " + recordId + " changed at the same time");
        }
        return next;
    }

    /**
     * After a restart: the campaign's DIALING records (their calls died with the server) become PENDING again,
     * due now, last outcome {@code INTERRUPTED}; the interrupted attempt still counts, so one that was the last
     * becomes FAILED {@code max-attempts}. Returns how many records were put back to PENDING.
     */
    public int recoverDialing(String campaignId) {
        Campaign c = get(campaignId);
        Instant now = now();
        List<CampaignRecord> changes = new ArrayList<>();
        for (CampaignRecord r : store.dialing(campaignId)) {
            changes.add(r.attempts() >= c.settings().maxAttempts()
                    ? r.moved(CampaignRecord.State.FAILED, r.attempts(), null, "INTERRUPTED", "max-attempts",
                            "the last attempt was cut short by a restart", now)
                    : r.moved(CampaignRecord.State.PENDING, r.attempts(), now, "INTERRUPTED", null,
                            "the attempt was cut short by a restart", now));
        }
        List<CampaignRecord> moved = store.move(changes, CampaignRecord.State.DIALING);
        int pending = (int) moved.stream().filter(r -> r.state() == CampaignRecord.State.PENDING).count();
        if (!moved.isEmpty()) {
            log.info("Campaign {}: {} DIALING records recovered after a restart ({} pending again)", campaignId,
                    moved.size(), pending);
        }
        return pending;
    }

    /** The list's figures at {@code now}. */
    public CampaignFigures figures(String campaignId, Instant now) {
        Campaign c = get(campaignId);
        Map<CampaignRecord.State, Long> counts = store.counts(campaignId);
        long due = 0;
        long closed = 0;
        for (Map.Entry<String, Long> e : store.dueByZones(campaignId, now).entrySet()) {
            due += e.getValue();
            if (!zones.isOpen(c.settings().window(), e.getKey(), now)) {
                closed += e.getValue();
            }
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new CampaignFigures(campaignId, c.state(), total, counts.getOrDefault(CampaignRecord.State.PENDING, 0L),
                due, closed, counts.getOrDefault(CampaignRecord.State.DIALING, 0L),
                counts.getOrDefault(CampaignRecord.State.DONE, 0L), counts.getOrDefault(CampaignRecord.State.FAILED, 0L),
                store.countsBy(campaignId, CampaignRecord.State.FAILED),
                store.countsBy(campaignId, CampaignRecord.State.DONE));
    }

    // ------------------------------------------------------------------ do-not-call

    /** Adds a number to a list ({@code internal} if null); returns the entry. */
    public DoNotCallEntry addDoNotCall(String phone, String list, String source) {
        String l = listName(list);
        String e164;
        try {
            e164 = phones.normalize(phone);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("phone", e.getMessage());
        }
        DoNotCallEntry entry = new DoNotCallEntry(e164, l, source == null || source.isBlank() ? "api" : source.strip(),
                now());
        dnc.add(List.of(entry));
        return entry;
    }

    /** Removes a number from a list; {@link NotFoundException} if it was not on it. */
    public void removeDoNotCall(String list, String phone) {
        String l = listName(list);
        String e164 = phones.toE164(phone).orElseThrow(() -> InvalidInputException.field("phone", "'" + phone
                + "' is not a phone number"));
        if (!dnc.remove(l, e164)) {
            throw new NotFoundException("do-not-call entry", l + " " + e164);
        }
    }

    /** A do-not-call file (column {@code phone}, optional {@code source}) into one list; bad rows are reported. */
    public DoNotCallImportReport importDoNotCall(Reader csv, String list, String source) {
        return importDoNotCall(csv, list, source, MAX_ROWS_PER_LIST);
    }

    /** As {@link #importDoNotCall(Reader, String, String)}; a file of more than {@code maxRows} rows adds nothing. */
    public DoNotCallImportReport importDoNotCall(Reader csv, String list, String source, int maxRows) {
        String l = listName(list);
        String fileSource = source == null || source.isBlank() ? "import" : source.strip();
        Instant now = now();
        List<DoNotCallEntry> entries = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        long rejected = 0;
        List<RecordDraft> rows = ListCsv.doNotCall(csv, maxRows);
        for (RecordDraft row : rows) {
            String problem = null;
            String reason = "invalid-number";
            if (!row.problems().isEmpty()) {
                problem = row.problems().get(0).message();
                reason = row.problems().get(0).reason();
            } else {
                try {
                    entries.add(new DoNotCallEntry(phones.normalize(row.phone()), l, row.name() == null ? fileSource
                            : row.name().length() > 200 ? row.name().substring(0, 200) : row.name(), now));
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                rejected++;
                if (problems.size() < ListImportReport.MAX_LISTED) {
                    problems.add(new RowProblem(row.line(), "phone", reason, problem));
                }
            }
        }
        int added = dnc.add(entries);
        log.info("Do-not-call list '{}': {} rows, {} numbers added, {} already listed, {} rejected", l, rows.size(),
                added, entries.size() - added, rejected);
        return new DoNotCallImportReport(l, rows.size(), added, entries.size() - added, rejected, problems);
    }

    public Page<DoNotCallEntry> doNotCall(String list, PageRequest page) {
        return dnc.list(list == null ? null : listName(list), page);
    }

    /** {@code internal}, {@code campaign:<existing id>}, or an imported list's name (a-z, 0-9, . _ -). */
    private String listName(String list) {
        if (list == null || list.isBlank()) {
            return DoNotCallEntry.INTERNAL;
        }
        if (list.startsWith(DoNotCallEntry.CAMPAIGN_PREFIX)) {
            String id = list.substring(DoNotCallEntry.CAMPAIGN_PREFIX.length());
            if (store.find(id).isEmpty()) {
                throw InvalidInputException.field("list", "names campaign '" + id + "', which does not exist");
            }
            return list;
        }
        if (!LIST_NAME.matcher(list).matches()) {
            throw InvalidInputException.field("list", "'" + list + "' is not a list name: use internal,"
                    + " campaign:<id>, or lower-case letters, digits, . _ - (at most 40)");
        }
        return list;
    }
}
