package org.openucc.http;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.NotAuthenticatedException;
import org.openucc.auth.TooManyLoginAttemptsException;
import org.openucc.crm.ConflictException;
import org.openucc.crm.CsvImportException;
import org.openucc.crm.FieldError;
import org.openucc.crm.InvalidFieldsException;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.GoneException;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.NotSupportedException;
import org.openucc.fault.RejectedContentException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.routing.RoutingException;

/**
 * What went wrong, as the client is told: an HTTP status, a message written for the caller, the bad
 * fields, and for some errors a hint (when to retry, the version now stored). The REST API and the
 * WebSockets report errors the same way. Anything not known here is a server error: its message is
 * not shown (it may hold internals), only an id that finds it in the log.
 *
 * @param retryAfterSeconds for 429 and a 503 that knows when to try again, else null
 * @param currentVersion    for a 409 on a stale version, the version now stored, else null
 */
public record ApiProblem(int status, String message, List<FieldError> fields, Long retryAfterSeconds,
                         Long currentVersion) {
    public ApiProblem {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static ApiProblem of(int status, String message) {
        return new ApiProblem(status, message, List.of(), null, null);
    }

    /** The problem a failure stands for; unknown failures are 500 with no message. */
    public static ApiProblem of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof BadRequestException e) {
            return new ApiProblem(400, e.getMessage(), e.fields(), null, null);
        }
        if (t instanceof InvalidInputException e) {
            return new ApiProblem(400, e.getMessage(), e.fields(), null, null);
        }
        if (t instanceof InvalidFieldsException e) {
            return new ApiProblem(400, e.getMessage(), e.errors(), null, null);
        }
        if (t instanceof CsvImportException e) {
            return of(400, e.getMessage());
        }
        if (t instanceof HttpStatusException e) {
            return of(e.status(), e.getMessage());
        }
        if (t instanceof NotAuthenticatedException e) {
            return of(401, e.getMessage());
        }
        if (t instanceof AccessDeniedException e) {
            return of(403, e.getMessage());
        }
        if (t instanceof NotFoundException e) {
            return of(404, e.getMessage());
        }
        if (t instanceof ConflictException e) {
            return new ApiProblem(409, e.getMessage(), List.of(), null,
                    e.currentVersion() >= 0 ? e.currentVersion() : null);
        }
        if (t instanceof RoutingException e) {
            return of(switch (e.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
                case NOT_HOLDER -> 403;
                case UNAVAILABLE -> 503;
            }, e.getMessage());
        }
        if (t instanceof GoneException e) {
            return of(410, e.getMessage());
        }
        if (t instanceof StateConflictException e) {
            return of(409, e.getMessage());
        }
        if (t instanceof LimitExceededException e) {
            return new ApiProblem(429, e.getMessage(), List.of(), e.retryAfterSeconds().orElse(null), null);
        }
        if (t instanceof RejectedContentException e) {
            return of(switch (e.reason()) {
                case TOO_LARGE -> 413;
                case UNSUPPORTED_TYPE -> 415;
            }, e.getMessage());
        }
        if (t instanceof NotSupportedException e) {
            return of(501, e.getMessage());
        }
        if (t instanceof UnavailableException e) {
            return new ApiProblem(e.byPeer() ? 502 : 503, e.getMessage(), List.of(), e.retryAfterSeconds().orElse(null), null);
        }
        if (t instanceof TooManyLoginAttemptsException e) {
            return new ApiProblem(429, e.getMessage(), List.of(), e.retryAfterSeconds(), null);
        }
        return of(500, null);
    }

    public boolean isServerError() {
        return status >= 500;
    }

    /** A short, stable name of the status for error bodies and WebSocket error messages. */
    public String error() {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 410 -> "gone";
            case 413 -> "request too large";
            case 415 -> "unsupported media type";
            case 416 -> "range not satisfiable";
            case 422 -> "unprocessable";
            case 429 -> "too many requests";
            case 501 -> "not implemented";
            case 502, 503 -> "unavailable";
            default -> status >= 500 ? "internal error" : "request failed";
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
