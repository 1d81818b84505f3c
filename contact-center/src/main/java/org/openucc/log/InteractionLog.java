package org.openucc.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The append-only record of every interaction, agent and admin event, and the CDRs derived from it.
 * Appends never block the caller: they are written in batches by the log's own thread, and the
 * returned future completes once the event is committed (durable), or fails with the reason. Acknowledge
 * to the outside world only after it completes. Reads are blocking and may run on any thread but the
 * routing engine's and event loops.
 */
public interface InteractionLog {

    /** Appends one event; completes with the stored event (its id and time) once committed. */
    CompletableFuture<LogEvent> append(NewLogEvent event);

    /** Appends events together (one transaction): all are stored or none. */
    CompletableFuture<List<LogEvent>> appendAll(List<NewLogEvent> events);

    /** Completes once every event appended before this call is committed (or failed). */
    CompletableFuture<Void> flush();

    /**
     * Call before changing anything on someone's request whose acknowledgement waits for an append
     * (a chat line, an email reply, a callback request): throws a {@code fault.UnavailableException} with a
     * retry hint while the log is too far behind or cannot write, so the request is refused unchanged
     * instead of waiting without bound. Appends themselves are never refused for that.
     */
    default void admit() {
    }

    /** Why the log cannot write now (it keeps retrying), or empty while it can. */
    default Optional<String> writeFailure() {
        return Optional.empty();
    }

    LogPage events(LogQuery query);

    /** Every event of one interaction, oldest first. */
    List<LogEvent> timeline(String interactionId);

    Optional<InteractionSummary> summary(String interactionId);

    default Optional<InteractionDetail> interaction(String interactionId) {
        return summary(interactionId).map(s -> new InteractionDetail(s, timeline(interactionId)));
    }

    SummaryPage interactions(SummaryQuery query);

    /**
     * The CDRs of interactions that are not over: not ended, or with a wrap-up still open, oldest
     * arrival first. What a restart (or a standby node) must bring back or close.
     */
    List<InteractionSummary> unfinished();

    /** The customer's last interactions across channels, newest first (the screen pop's history). */
    default List<InteractionSummary> recentInteractions(String customerId, int limit) {
        return interactions(SummaryQuery.forCustomer(customerId, limit)).items();
    }

    /** Streams the CDRs of interactions that arrived in [from, to), oldest first, without holding them all. */
    void forEachSummary(Instant from, Instant to, Consumer<InteractionSummary> each);

    /** Writes the CDRs of [from, to) as CSV with a header line; returns how many rows. */
    default long exportCdrCsv(Instant from, Instant to, Appendable out) {
        CdrCsvWriter writer = new CdrCsvWriter(out);
        try {
            writer.header();
            forEachSummary(from, to, s -> {
                try {
                    writer.row(s);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing CDR of interaction " + s.interactionId(), e);
                }
            });
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CDR CSV for " + from + " .. " + to, e);
        }
        return writer.rows();
    }
}
