package org.openucc.cti;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.crm.NoteDraft;
import org.openucc.crm.NoteStore;
import org.openucc.crm.TaskDraft;
import org.openucc.crm.TaskStore;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.InvalidInputException;
import org.openucc.interaction.InteractionState;
import org.openucc.log.AuditTrail;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionSummary;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingException;
import org.openucc.routing.RoutingPort;

/**
 * What agents (and supervisors steering them) do, for the agent WebSocket and the REST API alike:
 * state changes, offers, ending and transferring, call control, wrap-up. Every command is authorized
 * here, against the caller's role and against who holds the interaction, in the same engine step that
 * carries it out (the commands name the agent who must hold the interaction), so nothing changes hands
 * between the check and the act.
 */
public final class AgentDesk {
    private final RoutingPort routing;
    private final InteractionLog log;
    private final NoteStore notes;
    private final TaskStore tasks;
    private final AuditTrail audit;
    private final CallCommands calls;
    private final Executor workers;
    private final Set<String> reasonCodes;
    private final Set<String> dispositions;
    private final Set<String> queueIds;

    public AgentDesk(RoutingPort routing, InteractionLog log, NoteStore notes, TaskStore tasks, AuditTrail audit,
                     CallCommands calls, Executor workers, Collection<String> reasonCodes,
                     Collection<String> dispositions, Collection<String> queueIds) {
        this.routing = routing;
        this.log = log;
        this.notes = notes;
        this.tasks = tasks;
        this.audit = audit;
        this.calls = calls;
        this.workers = workers;
        this.reasonCodes = new TreeSet<>(reasonCodes);
        this.dispositions = new TreeSet<>(dispositions);
        this.queueIds = new TreeSet<>(queueIds);
    }

    /**
     * READY (logs the agent in if needed; only the agent themself), NOT_READY with a reason code (logs in
     * if needed), or LOGGED_OUT. Supervisors may set any agent NOT_READY or LOGGED_OUT; that is audited.
     */
    public CompletableFuture<AgentView> setState(Caller caller, String agentId, AgentState target, String reason) {
        try {
            caller.requireMaySee(agentId);
            checkTarget(caller, agentId, target, reason);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AgentView> done = routing.send(new RoutingCommand.SetAgentState(agentId, target, reason))
                .toCompletableFuture();
        if (caller.isAgent(agentId)) {
            return done;
        }
        return done.thenCompose(view -> audit.record(caller.username(), "agent", agentId, "state",
                "set " + target + (reason == null ? "" : " (" + reason + ")")).thenApply(ev -> view));
    }

    public CompletableFuture<Void> accept(Caller caller, String interactionId) {
        return asAgent(caller, agentId -> routing.send(new RoutingCommand.Accept(interactionId, agentId))
                .toCompletableFuture());
    }

    public CompletableFuture<Void> decline(Caller caller, String interactionId) {
        return asAgent(caller, agentId -> routing.send(new RoutingCommand.Decline(interactionId, agentId))
                .toCompletableFuture());
    }

    /** Ends the conversation: the agent who holds it, or a supervisor (e.g. an integration saw the customer leave). */
    public CompletableFuture<Void> end(Caller caller, String interactionId, String reason) {
        String why = reason == null || reason.isBlank() ? "ended by " + caller.username() : reason;
        try {
            log.admit(); // a supervisor's End (no holder) is not refused by the engine, which takes channels' Ends always
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return asHolder(interactionId, routing.send(new RoutingCommand.End(interactionId, why, holder(caller))));
    }

    /** Moves the interaction to another queue (the agent who holds it, or a supervisor). */
    public CompletableFuture<Void> transfer(Caller caller, String interactionId, String queueId) {
        if (!queueIds.contains(queueId)) {
            return CompletableFuture.failedFuture(InvalidInputException.field("queueId", "'" + queueId
                    + "' is not a queue; use one of " + String.join(", ", queueIds)));
        }
        return asHolder(interactionId, routing.send(new RoutingCommand.Transfer(interactionId, queueId,
                holder(caller))));
    }

    public CompletableFuture<Void> hold(Caller caller, String interactionId) {
        return voice(caller, interactionId, agentId -> calls.hold(interactionId, agentId));
    }

    public CompletableFuture<Void> resume(Caller caller, String interactionId) {
        return voice(caller, interactionId, agentId -> calls.resume(interactionId, agentId));
    }

    public CompletableFuture<Void> hangup(Caller caller, String interactionId) {
        return voice(caller, interactionId, agentId -> calls.hangup(interactionId, agentId));
    }

    /** Blind transfer of the call to an outside number or URI (voice only; needs the voice adapter). */
    public CompletableFuture<Void> transferCall(Caller caller, String interactionId, String destination) {
        return voice(caller, interactionId, agentId -> calls.transfer(interactionId, agentId, destination));
    }

    /**
     * DTMF to the customer's side of the call (e.g. another company's IVR): only the agent who holds the
     * call, not a supervisor (the digits may be the customer's PIN); digits 0-9 * # A-D, at most 32.
     */
    public CompletableFuture<Void> sendDtmf(Caller caller, String interactionId, String digits) {
        String agentId;
        try {
            agentId = agentOf(caller);
            if (digits == null || !digits.matches("[0-9*#A-Da-d]{1,32}")) {
                throw InvalidInputException.field("digits", "must be 1 to 32 of 0-9 * # A-D");
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return routing.send(new RoutingCommand.GetInteraction(interactionId)).thenApply(found -> {
            InteractionView v = found.orElseThrow(() -> notHandled(interactionId));
            if (!agentId.equals(v.agentId())) {
                throw notYours(interactionId);
            }
            if (!v.channel().isVoice()) {
                throw new InvalidInputException("interaction " + interactionId + " is a " + v.channel()
                        + " interaction; DTMF is for calls");
            }
            return agentId;
        }).thenCompose(id -> calls.sendDtmf(interactionId, id, digits)).toCompletableFuture();
    }

    /** A follow-up task asked for at wrap-up: what to do, and by when (may be null). */
    public record FollowUp(String subject, java.time.Instant due) {
    }

    public CompletableFuture<WrapUpResult> wrapUp(Caller caller, String interactionId, String disposition,
                                                  String noteText) {
        return wrapUp(caller, interactionId, disposition, noteText, null);
    }

    /**
     * Wrap-up: the follow-up task (if asked for) is stored first, for the interaction's customer or,
     * when the customer was never identified, unassigned with the interaction named (listed by
     * {@code GET /api/tasks?unassigned=true} and on the agent's own list); then the disposition goes
     * into the interaction log, the notes onto the customer, and the ACD frees the agent. A task the
     * store refuses (e.g. an empty subject) fails the wrap-up before anything is recorded. Completes
     * once all of it, and every event before it, is durable.
     */
    public CompletableFuture<WrapUpResult> wrapUp(Caller caller, String interactionId, String disposition,
                                                  String noteText, FollowUp followUp) {
        String agentId;
        try {
            agentId = agentOf(caller);
            if (!dispositions.contains(disposition)) {
                throw InvalidInputException.field("disposition", "'" + disposition + "' is not a disposition code; use one of "
                        + String.join(", ", dispositions));
            }
            log.admit(); // refused before anything is recorded while the log is behind or cannot write
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return routing.send(new RoutingCommand.GetInteraction(interactionId)).toCompletableFuture()
                .thenApplyAsync(found -> record(caller, agentId, interactionId, found.orElse(null), disposition, noteText,
                        followUp), workers)
                .thenCompose(result -> routing.send(new RoutingCommand.CompleteWrapUp(interactionId, agentId))
                        .handle((ok, failure) -> {
                            if (failure != null && !(unwrap(failure) instanceof RoutingException)) {
                                throw new CompletionException(unwrap(failure));
                            }
                            return result; // a RoutingException here: the wrap-up time had already run out
                        }))
                .thenCompose(result -> log.flush().thenApply(v -> result));
    }

    private WrapUpResult record(Caller caller, String agentId, String interactionId, InteractionView view,
                                String disposition, String noteText, FollowUp followUp) {
        if (view != null) {
            if (!agentId.equals(view.agentId())) {
                throw new AccessDeniedException("interaction " + interactionId + " is not in agent " + agentId + "'s hands");
            }
            if (view.state() != InteractionState.WRAP_UP) {
                throw new RoutingException(RoutingException.Kind.CONFLICT, "interaction " + interactionId + " is "
                        + view.state() + "; end it before wrapping up");
            }
        }
        InteractionSummary summary = log.summary(interactionId).orElse(null);
        if (view == null && summary == null) {
            throw new NotFoundException("interaction", interactionId);
        }
        if (view == null && !agentId.equals(summary.agentId())) {
            throw new AccessDeniedException("interaction " + interactionId + " was not handled by agent " + agentId);
        }
        if (summary != null && summary.disposition() != null) {
            throw new RoutingException(RoutingException.Kind.CONFLICT, "interaction " + interactionId
                    + " already has the disposition '" + summary.disposition() + "'");
        }
        String customerId = summary == null ? null : summary.customerId();
        if (customerId == null && view != null) {
            customerId = view.customerId();
        }
        String taskId = null;
        if (followUp != null) {
            taskId = tasks.addFromInteraction(interactionId, customerId,
                    new TaskDraft(followUp.subject(), followUp.due(), agentId, null)).id();
        }
        log.append(NewLogEvent.disposition(null, interactionId, agentId, disposition, noteText)).join();
        String noteId = null;
        if (noteText != null && !noteText.isBlank() && customerId != null) {
            noteId = notes.add(customerId, new NoteDraft(caller.username(), noteText, interactionId)).id();
        }
        return new WrapUpResult(interactionId, disposition, customerId, noteId, taskId);
    }

    private void checkTarget(Caller caller, String agentId, AgentState target, String reason) {
        if (target != AgentState.READY && target != AgentState.NOT_READY && target != AgentState.LOGGED_OUT) {
            throw InvalidInputException.field("state", "must be READY, NOT_READY or LOGGED_OUT (the others follow from work)");
        }
        if (target == AgentState.READY && !caller.isAgent(agentId)) {
            throw new AccessDeniedException("only agent " + agentId + " can make themself ready");
        }
        if (target == AgentState.NOT_READY && (reason == null || !reasonCodes.contains(reason))) {
            throw InvalidInputException.field("reason", (reason == null ? "is required for NOT_READY"
                    : "'" + reason + "' is not a reason code") + "; use one of " + String.join(", ", reasonCodes));
        }
    }

    private CompletableFuture<Void> asAgent(Caller caller, Function<String, CompletableFuture<Void>> command) {
        try {
            return command.apply(agentOf(caller));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> voice(Caller caller, String interactionId,
                                          Function<String, java.util.concurrent.CompletionStage<Void>> command) {
        return routing.send(new RoutingCommand.GetInteraction(interactionId)).thenApply(found -> {
            InteractionView v = found.orElseThrow(() -> notHandled(interactionId));
            if (!caller.is(Role.SUPERVISOR) && !caller.isAgent(v.agentId())) {
                throw notYours(interactionId);
            }
            if (!v.channel().isVoice()) {
                throw new InvalidInputException("interaction " + interactionId + " is a " + v.channel()
                        + " interaction; call control is for voice");
            }
            return v.agentId();
        }).thenCompose(command).toCompletableFuture();
    }

    /**
     * Who must hold an interaction for the caller to act on it: anyone for a supervisor, else the
     * caller's agent (a user who is no agent names an agent id nobody has, so holds nothing).
     */
    private static String holder(Caller caller) {
        if (caller.is(Role.SUPERVISOR)) {
            return null;
        }
        return caller.agentId() == null ? "" : caller.agentId();
    }

    /** The outcome of a command sent on behalf of a holder, with "not the holder" told as access denied. */
    private static CompletableFuture<Void> asHolder(String interactionId, java.util.concurrent.CompletionStage<Void> sent) {
        return sent.toCompletableFuture().handle((ok, failure) -> {
            if (failure == null) {
                return ok;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof RoutingException r && r.kind() == RoutingException.Kind.NOT_HOLDER) {
                throw notYours(interactionId);
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        });
    }

    private static RoutingException notHandled(String interactionId) {
        return new RoutingException(RoutingException.Kind.NOT_FOUND, "interaction " + interactionId
                + " is not being handled");
    }

    private static AccessDeniedException notYours(String interactionId) {
        return new AccessDeniedException("interaction " + interactionId + " is not in your hands");
    }

    private static String agentOf(Caller caller) {
        if (caller.agentId() == null) {
            throw new AccessDeniedException("user '" + caller.username() + "' is not an agent");
        }
        return caller.agentId();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    public Set<String> reasonCodes() {
        return reasonCodes;
    }

    public Set<String> dispositions() {
        return dispositions;
    }
}
