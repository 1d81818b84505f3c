package org.openucc.outbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openucc.config.PhoneNumberType;
import org.openucc.crm.Ids;
import org.openucc.crm.PhoneNormalizer;

/**
 * Turns a list's rows into records: each row is checked (a number we may call, not an emergency number, not
 * already in the campaign, not on a do-not-call list, consent if the campaign needs it) and becomes a PENDING
 * record or a FAILED one with the reason, so no row is dropped.
 */
final class ListChecker {
    static final int NAME_MAX = 200;
    static final int ID_MAX = 40;
    static final int FIELDS_MAX = 50;

    private final PhoneNormalizer phones;
    private final CallerTimeZones zones;
    private final DoNotCallStore dnc;
    private final Ids ids;

    ListChecker(PhoneNormalizer phones, CallerTimeZones zones, DoNotCallStore dnc, Ids ids) {
        this.phones = phones;
        this.zones = zones;
        this.dnc = dnc;
        this.ids = ids;
    }

    /** The records for {@code drafts} and the report; {@code known} are the numbers already in the campaign. */
    Checked check(Campaign campaign, List<RecordDraft> drafts, Set<String> known, Instant now) {
        Map<RecordDraft, String> e164 = new java.util.IdentityHashMap<>();
        Map<RecordDraft, RowProblem> numberProblems = new java.util.IdentityHashMap<>();
        for (RecordDraft d : drafts) {
            RowProblem p = numberProblem(d);
            if (p != null) {
                numberProblems.put(d, p);
            } else {
                e164.put(d, phones.normalize(d.phone()));
            }
        }
        Map<String, String> hits = dnc.hits(new HashSet<>(e164.values()), campaign.id());
        Set<String> seen = new HashSet<>(known);
        List<CampaignRecord> records = new ArrayList<>(drafts.size());
        List<RowProblem> problems = new ArrayList<>();
        Map<String, Long> byReason = new TreeMap<>();
        long failed = 0;
        for (RecordDraft d : drafts) {
            String phone = e164.get(d);
            List<RowProblem> rowProblems = new ArrayList<>(d.problems());
            if (numberProblems.containsKey(d)) {
                rowProblems.add(numberProblems.get(d));
            }
            rowProblems.addAll(fieldProblems(d));
            if (phone != null) {
                if (!seen.add(phone)) {
                    rowProblems.add(new RowProblem(d.line(), "phone", "duplicate", phone
                            + " is already in this campaign's list"));
                } else if (hits.containsKey(phone)) {
                    String list = hits.get(phone);
                    rowProblems.add(new RowProblem(d.line(), "phone", "dnc:" + list, phone
                            + " is on the do-not-call list '" + list + "'"));
                }
            }
            if (campaign.settings().requireConsent() && (d.consent() == null || d.consent().givenAt() == null)) {
                rowProblems.add(new RowProblem(d.line(), "consent_at", "no-consent",
                        "the campaign calls only numbers with recorded consent (source and time)"));
            }
            String zoneIds = phone == null ? "" : zones.zonesOf(phone);
            if (rowProblems.isEmpty()) {
                records.add(record(campaign, d, phone, zoneIds, CampaignRecord.State.PENDING, null, null, now));
            } else {
                failed++;
                RowProblem first = rowProblems.get(0);
                byReason.merge(first.reason(), 1L, Long::sum);
                for (RowProblem p : rowProblems) {
                    if (problems.size() < ListImportReport.MAX_LISTED) {
                        problems.add(p);
                    }
                }
                records.add(record(campaign, d, phone, zoneIds, CampaignRecord.State.FAILED, first.reason(),
                        describe(rowProblems), now));
            }
        }
        return new Checked(records, new ListImportReport(campaign.id(), drafts.size(), drafts.size() - failed, failed,
                byReason, problems));
    }

    record Checked(List<CampaignRecord> records, ListImportReport report) {
    }

    private RowProblem numberProblem(RecordDraft d) {
        if (d.phone() == null || d.phone().isBlank()) {
            return d.problems().stream().anyMatch(p -> "phone".equals(p.field())) ? null
                    : new RowProblem(d.line(), "phone", "invalid-number", "is empty");
        }
        if (phones.typeOf(d.phone()) == PhoneNumberType.EMERGENCY) {
            return new RowProblem(d.line(), "phone", "emergency-number", "'" + d.phone()
                    + "' is an emergency number; campaigns never call those");
        }
        try {
            phones.normalize(d.phone());
            return null;
        } catch (IllegalArgumentException e) {
            return new RowProblem(d.line(), "phone", "invalid-number", e.getMessage());
        }
    }

    private static List<RowProblem> fieldProblems(RecordDraft d) {
        List<RowProblem> out = new ArrayList<>();
        if (d.name() != null && d.name().length() > NAME_MAX) {
            out.add(new RowProblem(d.line(), "name", "value-too-long", "is longer than " + NAME_MAX + " characters"));
        }
        if (d.customerId() != null && d.customerId().length() > ID_MAX) {
            out.add(new RowProblem(d.line(), "customer_id", "value-too-long", "is longer than " + ID_MAX
                    + " characters"));
        }
        if (d.fields().size() > FIELDS_MAX) {
            out.add(new RowProblem(d.line(), "fields", "value-too-long", "more than " + FIELDS_MAX + " extra fields"));
        }
        if (d.consent() != null && d.consent().source() != null && d.consent().source().length() > NAME_MAX) {
            out.add(new RowProblem(d.line(), "consent_source", "value-too-long", "is longer than " + NAME_MAX
                    + " characters"));
        }
        return out;
    }

    private CampaignRecord record(Campaign c, RecordDraft d, String phone, String zoneIds, CampaignRecord.State state,
                                  String reason, String detail, Instant now) {
        String name = d.name() != null && d.name().length() > NAME_MAX ? d.name().substring(0, NAME_MAX) : d.name();
        String customer = d.customerId() != null && d.customerId().length() > ID_MAX ? null : d.customerId();
        Map<String, String> fields = d.fields().size() > FIELDS_MAX ? Map.of() : d.fields();
        Consent consent = d.consent() == null || (d.consent().source() != null
                && d.consent().source().length() > NAME_MAX) ? null : d.consent();
        String given = d.phone() == null ? "" : d.phone().length() > 100 ? d.phone().substring(0, 100) : d.phone();
        return new CampaignRecord(ids.next("rec"), c.id(), given, phone, zoneIds, customer, name, fields, state, 0,
                now, null, reason, detail, consent, d.line(), now, now);
    }

    private static String describe(Collection<RowProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (RowProblem p : problems) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(p.field() == null ? "" : p.field() + ": ").append(p.message());
        }
        return sb.length() > 1000 ? sb.substring(0, 1000) : sb.toString();
    }
}
