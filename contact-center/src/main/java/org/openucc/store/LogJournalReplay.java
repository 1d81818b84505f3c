package org.openucc.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before anything reads the log: stores again the journaled events that H2's file lacks (a kill -9
 * came before H2 wrote them), with the ids they were acknowledged with and their CDRs folded, makes that
 * durable, moves the event id on past them, and deletes the segments. See {@link LogJournal}.
 */
final class LogJournalReplay {
    private static final Logger log = LoggerFactory.getLogger(LogJournalReplay.class);
    /** Events per statement batch while replaying. */
    private static final int CHUNK = 1_000;

    private LogJournalReplay() {
    }

    /** Returns how many events were stored again. */
    static int replay(Database db, Path dir) {
        List<Path> segments;
        try {
            segments = LogJournal.segments(dir);
        } catch (IOException e) {
            throw new StoreException("listing the interaction-log journal " + dir, e);
        }
        if (segments.isEmpty()) {
            return 0;
        }
        long stored = db.read("reading the interaction log's last event id", c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM interaction_event")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        List<LogEvent> events = new ArrayList<>();
        List<String> json = new ArrayList<>();
        long last = stored;
        for (Path segment : segments) {
            List<LogJournal.Entry> entries;
            try {
                entries = LogJournal.read(segment);
            } catch (IOException e) {
                throw new StoreException("reading the interaction-log journal " + segment, e);
            }
            for (LogJournal.Entry e : entries) {
                if (e.id() <= last) {
                    continue; // in H2's file already (or seen in an earlier segment)
                }
                events.add(event(segment, e));
                json.add(e.detailsJson());
                last = e.id();
            }
        }
        if (!events.isEmpty()) {
            db.write("storing " + events.size() + " journaled interaction-log events again", c -> {
                for (int from = 0; from < events.size(); from += CHUNK) {
                    int to = Math.min(events.size(), from + CHUNK);
                    LogInserts.insertJournaledAndFold(c, events.subList(from, to), json.subList(from, to));
                }
                return null;
            });
            log.info("interaction log: stored {} acknowledged events again from its journal (ids {}..{}); H2's file had"
                    + " up to {}", events.size(), events.get(0).id(), last, stored);
        }
        // The identity's own high-water mark may have been lost with the events (also when a crash came between the
        // write above and this one, and the next start finds nothing left to store): new events go after the last.
        long next = last + 1;
        db.write("moving the interaction log's event id past the journal", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "ALTER TABLE interaction_event ALTER COLUMN id RESTART WITH " + next)) {
                ps.execute();
            }
            return null;
        });
        try {
            LogJournal.deleteThrough(dir, LogJournal.number(segments.get(segments.size() - 1)));
        } catch (IOException e) {
            throw new StoreException("deleting the replayed interaction-log journal in " + dir, e);
        }
        return events.size();
    }

    private static LogEvent event(Path segment, LogJournal.Entry e) {
        try {
            return new LogEvent(e.id(), e.at(), LogEventType.valueOf(e.type()), e.interactionId(), e.agentId(),
                    e.queueId(), e.customerId(), e.actor(), LogEventRows.details(e.detailsJson()));
        } catch (JsonProcessingException | IllegalArgumentException x) {
            throw new StoreException("interaction-log journal " + segment + ": event " + e.id()
                    + " cannot be read back (" + x.getMessage() + ")", x);
        }
    }
}
