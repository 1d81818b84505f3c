package org.openucc.ivr.runtime;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.openucc.ivr.expr.Scope;
import org.openucc.ivr.expr.Template;
import org.openucc.ivr.expr.Values;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.Ref;
import org.openucc.ivr.flow.Variables;
import org.openucc.routing.NewInteraction;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.RecordingHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The nodes that talk to the outside: lookup (CRM), callback and voicemail (ACD), http, transfer, hangup. */
final class ServiceSteps {
    private static final Logger log = LoggerFactory.getLogger(ServiceSteps.class);

    private final IvrPorts ports;
    private final PromptSteps prompts;

    ServiceSteps(IvrPorts ports, PromptSteps prompts) {
        this.ports = ports;
        this.prompts = prompts;
    }

    CompletableFuture<Step> lookup(IvrSession s, FlowNode.Lookup n, Scope scope) {
        CompletableFuture<Optional<CallerRecord>> found;
        String how;
        if (n.by() == FlowNode.LookupBy.CALLER) {
            String caller = Values.text(s.variables.get(Variables.CALLER));
            how = "caller-number";
            found = caller.isBlank() || caller.equalsIgnoreCase("anonymous") ? Async.done(Optional.empty())
                    : Async.on(s, ports.customers().byPhone(caller));
        } else {
            String account = Values.text(n.account().evaluate(scope)).trim();
            how = n.pin() == null ? "account" : "account-pin";
            found = account.isEmpty() ? Async.done(Optional.empty()) : Async.on(s, ports.customers().byAccount(account));
        }
        CompletableFuture<Step> step = found.thenCompose(record -> {
            if (record.isEmpty()) {
                s.variables.put(Variables.CUSTOMER_FOUND, false);
                return Async.done(new Step.Next(n.notFound().node()));
            }
            if (n.pin() == null) {
                return Async.done(identified(s, n, record.get(), how));
            }
            String pin = Values.text(n.pin().evaluate(scope));
            return Async.on(s, ports.customers().verifyPin(record.get().customerId(), pin))
                    .thenApply(ok -> ok ? identified(s, n, record.get(), how) : new Step.Next(n.wrongPin().node()));
        });
        return withError(s, step, n.error());
    }

    private Step identified(IvrSession s, FlowNode.Lookup n, CallerRecord c, String how) {
        s.customerId = c.customerId();
        s.tier = c.tier();
        s.account = c.accountNumber();
        s.identifiedBy = how;
        Map<String, Object> v = s.variables;
        v.put(Variables.CUSTOMER_FOUND, true);
        v.put(Variables.CUSTOMER_ID, c.customerId());
        v.put(Variables.CUSTOMER_NAME, c.name());
        v.put(Variables.CUSTOMER_TIER, c.tier() == null ? null : c.tier().name());
        v.put(Variables.CUSTOMER_ACCOUNT, c.accountNumber());
        v.put(Variables.CUSTOMER_IDENTIFIED_BY, how);
        v.put(Variables.CUSTOMER_OPEN_CASES, BigDecimal.valueOf(c.openCases().size()));
        CallerRecord.OpenCase first = c.openCases().isEmpty() ? null : c.openCases().get(0);
        v.put(Variables.CASE_SUBJECT, first == null ? null : first.subject());
        v.put(Variables.CASE_STATUS, first == null ? null : first.status());
        v.put(Variables.CASE_OPENED, first == null || first.openedOn() == null ? null : first.openedOn().toString());
        ports.journal().identified(s.interactionId, c.customerId(), how);
        return new Step.Next(n.found().node());
    }

    CompletableFuture<Step> callback(IvrSession s, FlowNode.Callback n, Scope scope) {
        String number = Values.text(n.number().evaluate(scope)).trim();
        if (number.isEmpty() || number.equalsIgnoreCase("anonymous")) {
            return orError(n.error(), new IllegalStateException("no number to call back"));
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("callback.number", number);
        Object waited = s.variables.get(Variables.QUEUE_ESTIMATED_WAIT);
        if (waited != null) {
            extra.put("callback.estimatedWaitSeconds", Values.text(waited));
        }
        NewInteraction cb = s.callbackInteraction("callback", n.queue(), extra);
        // Created before it is submitted: the log tells its story in order (INTERACTION_CREATED, then QUEUED).
        ports.journal().created(cb, "callback");
        CompletableFuture<Step> step = Async.on(s, submit(cb)).thenApply(v -> {
            s.disposition = new IvrOutcome.CallbackRequested(s.interactionId, cb, IvrTrail.EMPTY);
            return new Step.Next(n.next().node());
        });
        return withError(s, step, n.error());
    }

    CompletableFuture<Step> voicemail(IvrSession s, FlowNode.Voicemail n) {
        // The telephony decides where the message goes (the built-in stack: the voicemail directory).
        RecordingHandle handle = new RecordingHandle(s.interactionId + "-" + s.generation);
        CompletableFuture<Step> step = prompts.play(s, prompts.files(s, n.intro()), false)
                .thenCompose(r -> Async.on(s, s.call.record(new RecordRequest(handle, n.maxLength(), n.silence(), true))))
                .thenCompose(rec -> {
                    Map<String, String> extra = new LinkedHashMap<>();
                    extra.put("voicemail.path", rec.location());
                    extra.put("voicemail.durationMillis", String.valueOf(rec.durationMillis()));
                    extra.put("callback.number", s.call.info().from());
                    NewInteraction vm = s.callbackInteraction("voicemail", n.queue(), extra);
                    ports.journal().created(vm, "voicemail");
                    ports.journal().recording(vm.id(), rec.location(), rec.durationMillis());
                    return Async.on(s, submit(vm)).thenApply(v -> {
                        s.disposition = new IvrOutcome.VoicemailLeft(s.interactionId, vm, rec.location(),
                                rec.durationMillis(), IvrTrail.EMPTY);
                        return (Step) new Step.Next(n.next().node());
                    });
                });
        return withError(s, step, n.error());
    }

    /** Queues an interaction the journal has already created; one routing refused is recorded as failed. */
    private java.util.concurrent.CompletionStage<Void> submit(NewInteraction in) {
        return ports.routing().submit(in).whenComplete((v, failure) -> {
            if (failure != null) {
                ports.journal().failed(in.id(), "routing refused it: " + failure.getMessage());
            }
        });
    }

    CompletableFuture<Step> http(IvrSession s, FlowNode.Http n, Scope scope) {
        Map<String, String> headers = new LinkedHashMap<>();
        n.headers().forEach((k, t) -> headers.put(k, t.render(scope)));
        HttpFetcher.Request request = new HttpFetcher.Request(n.method(), n.url().render(scope), headers,
                n.body() == null ? null : n.body().render(scope), n.timeout(), new LinkedHashSet<>(n.results().values()));
        CompletableFuture<Step> step = Async.on(s, ports.http().fetch(request)).thenCompose(reply -> {
            s.variables.put(Variables.HTTP_STATUS, BigDecimal.valueOf(reply.status()));
            if (reply.status() < 200 || reply.status() > 299) {
                return CompletableFuture.failedFuture(new IllegalStateException(n.method() + " " + request.url()
                        + " answered " + reply.status()));
            }
            n.results().forEach((variable, pointer) -> s.variables.put(variable, reply.values().get(pointer)));
            return Async.done(new Step.Next(n.next().node()));
        });
        return withError(s, step, n.error());
    }

    CompletableFuture<Step> transfer(IvrSession s, FlowNode.Transfer n, Scope scope) {
        String to = render(n.to(), scope);
        IvrOutcome transferred = new IvrOutcome.Transferred(s.interactionId, to, s.trail());
        s.ending = transferred;
        CompletableFuture<Step> step = Async.on(s, s.call.transfer(to)).thenApply(v -> (Step) new Step.End(transferred))
                .whenComplete((v, err) -> {
                    if (err != null) {
                        s.ending = null; // the transfer failed: the call goes on
                    }
                });
        return withError(s, step, n.error());
    }

    CompletableFuture<Step> hangup(IvrSession s, FlowNode.Hangup n) {
        IvrOutcome hungUp = new IvrOutcome.HungUp(s.interactionId, n.reason(), s.trail());
        s.ending = hungUp;
        return Async.on(s, s.call.hangup(n.reason())).handle((v, err) -> new Step.End(hungUp));
    }

    private static String render(Template t, Scope scope) {
        return t.render(scope).trim();
    }

    /** Failures other than the call ending go to the node's error step when it has one. */
    private static CompletableFuture<Step> withError(IvrSession s, CompletableFuture<Step> step, Ref error) {
        if (error == null) {
            return step;
        }
        return step.handle((v, err) -> {
            if (err == null) {
                return Async.done(v);
            }
            Throwable cause = Async.unwrap(err);
            if (cause instanceof org.openucc.telephony.CallEndedException) {
                return CompletableFuture.<Step>failedFuture(cause);
            }
            log.info("{}: {}; going to '{}'", s.where(), cause.getMessage(), error.node());
            return Async.<Step>done(new Step.Next(error.node()));
        }).thenCompose(f -> f);
    }

    private static CompletableFuture<Step> orError(Ref error, RuntimeException why) {
        return error == null ? CompletableFuture.failedFuture(why) : Async.done(new Step.Next(error.node()));
    }
}
