package org.openucc.ivr.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.PromptRef;
import org.openucc.ivr.flow.Ref;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.DigitResult;
import org.openucc.telephony.Prompt;

/**
 * menu and collect. Digits are read one at a time from the call's DTMF buffer, so that the
 * terminator, the inter-digit and the overall timeout are handled the same on every telephony, and
 * every attempt is recorded (secret input masked).
 */
final class InputSteps {
    private final PromptSteps prompts;
    private final IvrPorts ports;

    InputSteps(PromptSteps prompts, IvrPorts ports) {
        this.prompts = prompts;
        this.ports = ports;
    }

    CompletableFuture<Step> menu(IvrSession s, FlowNode.Menu m) {
        return menuAttempt(s, m, 0, List.of());
    }

    private CompletableFuture<Step> menuAttempt(IvrSession s, FlowNode.Menu m, int attempt, List<PromptRef> before) {
        List<Prompt> files = prompts.files(s, concat(before, m.menuPrompts()));
        return prompts.play(s, files, m.bargeIn())
                .thenCompose(r -> Async.on(s, s.call.collectDigits(DigitRequest.single(m.timeout()))))
                .thenCompose(result -> {
                    if (result.digits().isEmpty()) {
                        record(s, "", "no input");
                        return menuRetry(s, m, attempt, m.noInputPrompts());
                    }
                    String key = result.digits().substring(0, 1);
                    Ref target = m.options().get(key);
                    if (target != null) {
                        record(s, key, "");
                        return Async.done(new Step.Next(target.node()));
                    }
                    record(s, key, "invalid");
                    return menuRetry(s, m, attempt, m.invalidPrompts());
                });
    }

    private CompletableFuture<Step> menuRetry(IvrSession s, FlowNode.Menu m, int attempt, List<PromptRef> before) {
        if (attempt >= m.retries()) {
            return Async.done(new Step.Next(m.fallback().node()));
        }
        s.call.flushDigits();
        return menuAttempt(s, m, attempt + 1, before);
    }

    CompletableFuture<Step> collect(IvrSession s, FlowNode.Collect c) {
        return collectAttempt(s, c, 0, List.of());
    }

    private record Entry(String digits, DigitResult.Outcome outcome) {
    }

    private CompletableFuture<Step> collectAttempt(IvrSession s, FlowNode.Collect c, int attempt,
                                                  List<PromptRef> before) {
        List<Prompt> files = prompts.files(s, concat(before, c.collectPrompts()));
        return prompts.play(s, files, c.bargeIn())
                .thenCompose(r -> {
                    Long deadline = c.overallTimeout() == null ? null
                            : ports.clock().millis() + c.overallTimeout().toMillis();
                    return digits(s, c, new StringBuilder(), deadline, true);
                })
                .thenCompose(entry -> judge(s, c, attempt, entry));
    }

    private CompletableFuture<Entry> digits(IvrSession s, FlowNode.Collect c, StringBuilder sb, Long deadline,
                                            boolean first) {
        Duration wait = first ? c.timeout() : c.interDigitTimeout();
        if (deadline != null) {
            long left = deadline - ports.clock().millis();
            if (left <= 0) {
                return Async.done(new Entry(sb.toString(), DigitResult.Outcome.TIMEOUT));
            }
            wait = wait.toMillis() < left ? wait : Duration.ofMillis(left);
        }
        return Async.on(s, s.call.collectDigits(DigitRequest.single(wait))).thenCompose(res -> {
            if (res.digits().isEmpty()) {
                return Async.done(new Entry(sb.toString(), DigitResult.Outcome.TIMEOUT));
            }
            char d = res.digits().charAt(0);
            if (c.terminator() != null && d == c.terminator()) {
                return Async.done(new Entry(sb.toString(), DigitResult.Outcome.TERMINATED));
            }
            sb.append(d);
            // With a terminator the caller ends with it (100001#): after maxDigits one more key is
            // read, so the terminator is not left over for the next prompt; a digit there is one too many.
            int enough = c.terminator() == null ? c.maxDigits() : c.maxDigits() + 1;
            if (sb.length() >= enough) {
                return Async.done(new Entry(sb.toString(), DigitResult.Outcome.MAX_DIGITS));
            }
            return digits(s, c, sb, deadline, false);
        });
    }

    private CompletableFuture<Step> judge(IvrSession s, FlowNode.Collect c, int attempt, Entry e) {
        String v = e.digits();
        String shown = c.secret() ? "*".repeat(v.length()) : v;
        boolean emptyAllowed = c.minDigits() == 0 && e.outcome() == DigitResult.Outcome.TERMINATED;
        if (v.isEmpty() && !emptyAllowed && e.outcome() == DigitResult.Outcome.TIMEOUT) {
            record(s, "", "no input");
            return collectRetry(s, c, attempt, c.noInputPrompts());
        }
        if (v.length() < c.minDigits() || v.length() > c.maxDigits()
                || c.pattern() != null && !c.pattern().matcher(v).matches()) {
            record(s, shown, "invalid");
            return collectRetry(s, c, attempt, c.invalidPrompts());
        }
        s.variables.put(c.into(), v);
        record(s, shown, "");
        return Async.done(new Step.Next(c.next().node()));
    }

    private CompletableFuture<Step> collectRetry(IvrSession s, FlowNode.Collect c, int attempt,
                                                 List<PromptRef> before) {
        if (attempt >= c.retries()) {
            return Async.done(new Step.Next(c.fallback().node()));
        }
        s.call.flushDigits();
        return collectAttempt(s, c, attempt + 1, before);
    }

    private void record(IvrSession s, String digits, String note) {
        s.input(digits, note);
        ports.journal().input(s.interactionId, s.flow.name(), s.node.id(), digits,
                note.isEmpty() ? "accepted" : note);
    }

    private static List<PromptRef> concat(List<PromptRef> a, List<PromptRef> b) {
        List<PromptRef> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
