package org.openucc.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.openucc.crm.FieldError;
import org.openucc.fault.GoneException;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.NotSupportedException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.routing.RoutingException;

/**
 * A failed command on the wire: the exception's kind of failure and message, never its stack or its cause.
 * What the callers of the routing port tell apart keeps its type: {@link RoutingException} with its kind,
 * {@link UnavailableException} (the journal's "behind, retry after": its retry hint in whole seconds and
 * whether a peer refused), the other {@code fault} exceptions, {@link IllegalStateException} (a stopped
 * port) and {@link IllegalArgumentException}. Anything else (a bug on the engine's node) becomes a
 * {@code RoutingException} UNAVAILABLE, not INVALID: the sender's request was not shown to be wrong, and
 * whoever asked is told the engine could not serve it (HTTP 503) with the original message.
 */
final class FailureWire {
    private final ObjectMapper mapper;
    private final ObjectReader reader;

    /** The shape on the wire; only the fields its type uses are set. */
    record Failure(String type, RoutingException.Kind kind, String message, Long retryAfterSeconds,
                   Long retryAfterMillis, Boolean byPeer, List<FieldError> fields) {
        static Failure of(String type, String message) {
            return new Failure(type, null, message, null, null, null, null);
        }
    }

    FailureWire(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.readerFor(Failure.class);
    }

    byte[] encode(Throwable failure) {
        try {
            return mapper.writeValueAsBytes(shape(unwrap(Objects.requireNonNull(failure, "failure"))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a failure: " + e.getOriginalMessage());
        }
    }

    RuntimeException decode(byte[] b) {
        Failure f = RoutingWire.read(reader, b, "failure");
        if (f.type() == null) {
            throw new IllegalArgumentException("a failure needs its \"type\"");
        }
        String message = f.message();
        return switch (f.type()) {
            case "RoutingException" -> {
                if (f.kind() == null) {
                    throw new IllegalArgumentException("a RoutingException failure needs its \"kind\"");
                }
                yield new RoutingException(f.kind(), message);
            }
            case "UnavailableException" -> Boolean.TRUE.equals(f.byPeer()) ? UnavailableException.peer(message)
                    : f.retryAfterSeconds() == null ? UnavailableException.here(message)
                    : UnavailableException.here(message, Duration.ofSeconds(f.retryAfterSeconds()));
            case "LimitExceededException" -> new LimitExceededException(message,
                    f.retryAfterMillis() == null ? null : Duration.ofMillis(f.retryAfterMillis()));
            case "InvalidInputException" -> f.fields() == null || f.fields().isEmpty()
                    ? new InvalidInputException(message) : new InvalidInputException(f.fields());
            case "StateConflictException" -> new StateConflictException(message);
            case "NotSupportedException" -> new NotSupportedException(message);
            case "GoneException" -> new GoneException(message);
            case "IllegalStateException" -> new IllegalStateException(message);
            case "IllegalArgumentException" -> new IllegalArgumentException(message);
            default -> throw new IllegalArgumentException("unknown failure type '" + f.type() + "'");
        };
    }

    private static Failure shape(Throwable t) {
        if (t instanceof RoutingException e) {
            return new Failure("RoutingException", e.kind(), e.getMessage(), null, null, null, null);
        }
        if (t instanceof UnavailableException e) {
            return new Failure("UnavailableException", null, e.getMessage(), e.retryAfterSeconds().orElse(null),
                    null, e.byPeer() ? Boolean.TRUE : null, null);
        }
        if (t instanceof LimitExceededException e) {
            return new Failure("LimitExceededException", null, e.getMessage(), null,
                    e.retryAfter().map(Duration::toMillis).orElse(null), null, null);
        }
        if (t instanceof InvalidInputException e) {
            return new Failure("InvalidInputException", null, e.getMessage(), null, null, null,
                    e.fields().isEmpty() ? null : e.fields());
        }
        if (t instanceof StateConflictException || t instanceof NotSupportedException || t instanceof GoneException
                || t instanceof IllegalStateException || t instanceof IllegalArgumentException) {
            String type = t instanceof IllegalStateException ? "IllegalStateException"
                    : t instanceof IllegalArgumentException ? "IllegalArgumentException"
                    : t.getClass().getSimpleName();
            return Failure.of(type, t.getMessage());
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new Failure("RoutingException", RoutingException.Kind.UNAVAILABLE,
                "the routing engine failed: " + message, null, null, null, null);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
