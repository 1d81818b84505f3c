package org.openucc.outbound;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;

/** The do-not-call lists: numbers (E.164) by list. */
public interface DoNotCallStore {
    /** Adds the entries (one transaction); an entry already on its list keeps its first source. Returns how many were new. */
    int add(List<DoNotCallEntry> entries);

    /** Whether the number was on the list. */
    boolean remove(String list, String phone);

    /**
     * The numbers among {@code phones} that must not be called in campaign {@code campaignId}, each with the
     * list that says so: the internal list, imported lists, and the campaign's own list (not other campaigns').
     */
    Map<String, String> hits(Collection<String> phones, String campaignId);

    /** Entries of one list (all lists if null), by number. */
    Page<DoNotCallEntry> list(String list, PageRequest page);
}
