package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.outbound.DoNotCallEntry;
import org.openucc.outbound.DoNotCallStore;

/** {@link DoNotCallStore} over JDBC (table {@code dnc_entry}, migration V50). */
public final class JdbcDoNotCallStore implements DoNotCallStore {
    private final Database db;

    public JdbcDoNotCallStore(Database db) {
        this.db = db;
    }

    @Override
    public int add(List<DoNotCallEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        try {
            return insertNew(entries);
        } catch (StoreException e) {
            // Someone listed one of the numbers between our look-up and our insert: once more sees it as listed.
            if (e.getCause() instanceof java.sql.SQLException sql && Sql.isUniqueViolation(sql)) {
                return insertNew(entries);
            }
            throw e;
        }
    }

    private int insertNew(List<DoNotCallEntry> entries) {
        return db.write("adding " + entries.size() + " do-not-call entries", c -> {
            int added = 0;
            // Insert-if-absent in portable SQL: look the numbers up first (one list per call), then insert the new ones.
            Map<String, List<DoNotCallEntry>> byList = new HashMap<>();
            entries.forEach(e -> byList.computeIfAbsent(e.list(), k -> new ArrayList<>()).add(e));
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO dnc_entry (phone, list_name, source, added_at)"
                    + " VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, List<DoNotCallEntry>> list : byList.entrySet()) {
                    HashSet<String> listed = new HashSet<>();
                    for (List<DoNotCallEntry> chunk : JdbcCampaignStore.chunks(list.getValue())) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT phone FROM dnc_entry WHERE list_name = ?"
                                + " AND phone IN (" + String.join(", ", chunk.stream().map(e -> "?").toList()) + ")")) {
                            ps.setString(1, list.getKey());
                            int i = 2;
                            for (DoNotCallEntry e : chunk) {
                                ps.setString(i++, e.phone());
                            }
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    listed.add(rs.getString(1));
                                }
                            }
                        }
                    }
                    int pending = 0;
                    for (DoNotCallEntry e : list.getValue()) {
                        if (listed.add(e.phone())) {
                            ins.setString(1, e.phone());
                            ins.setString(2, e.list());
                            ins.setString(3, e.source());
                            Sql.setTime(ins, 4, e.addedAt());
                            ins.addBatch();
                            added++;
                            if (++pending == 1000) {
                                ins.executeBatch();
                                pending = 0;
                            }
                        }
                    }
                    if (pending > 0) {
                        ins.executeBatch();
                    }
                }
            }
            return added;
        });
    }

    @Override
    public boolean remove(String list, String phone) {
        return db.write("removing " + phone + " from do-not-call list " + list, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dnc_entry WHERE list_name = ? AND phone = ?")) {
                ps.setString(1, list);
                ps.setString(2, phone);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Map<String, String> hits(Collection<String> phones, String campaignId) {
        List<String> numbers = phones.stream().filter(p -> p != null).distinct().toList();
        if (numbers.isEmpty()) {
            return Map.of();
        }
        return db.read("checking numbers against the do-not-call lists", c -> {
            Map<String, String> out = new HashMap<>();
            for (List<String> chunk : JdbcCampaignStore.chunks(numbers)) {
                // The internal list first, then imported lists, then the campaign's own, so the reason names the widest.
                try (PreparedStatement ps = c.prepareStatement("SELECT phone, list_name FROM dnc_entry WHERE phone IN ("
                        + String.join(", ", chunk.stream().map(p -> "?").toList()) + ") AND (list_name NOT LIKE"
                        + " 'campaign:%' OR list_name = ?) ORDER BY CASE WHEN list_name = 'internal' THEN 0"
                        + " WHEN list_name LIKE 'campaign:%' THEN 2 ELSE 1 END, list_name")) {
                    int i = 1;
                    for (String p : chunk) {
                        ps.setString(i++, p);
                    }
                    ps.setString(i, DoNotCallEntry.campaignList(campaignId));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.putIfAbsent(rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Page<DoNotCallEntry> list(String list, PageRequest page) {
        return db.read("listing do-not-call entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT phone, list_name, source, added_at FROM dnc_entry"
                    + (list == null ? "" : " WHERE list_name = ?") + " ORDER BY phone, list_name LIMIT ? OFFSET ?")) {
                int i = 1;
                if (list != null) {
                    ps.setString(i++, list);
                }
                ps.setInt(i++, page.limit() + 1);
                ps.setInt(i, page.offset());
                List<DoNotCallEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DoNotCallEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                                Sql.time(rs, "added_at")));
                    }
                }
                return Pages.of(out, page);
            }
        });
    }
}
