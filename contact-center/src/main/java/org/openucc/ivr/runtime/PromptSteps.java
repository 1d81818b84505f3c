package org.openucc.ivr.runtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.openucc.ivr.expr.ExpressionException;
import org.openucc.ivr.expr.Scope;
import org.openucc.ivr.expr.Values;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.PromptRef;
import org.openucc.ivr.flow.SayPart;
import org.openucc.ivr.prompt.PromptCatalog;
import org.openucc.ivr.speech.Speech;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.Prompt;

/**
 * play and say: prompt names in the caller's language, values spoken as fragment names. Only names
 * leave here; the telephony's prompt catalog finds the audio. The prompt library is asked only
 * whether a computed name exists.
 */
final class PromptSteps {
    private static final Pattern PROMPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*");

    private final PromptCatalog catalog;

    PromptSteps(PromptCatalog catalog) {
        this.catalog = catalog;
    }

    List<Prompt> files(IvrSession s, List<PromptRef> prompts) {
        List<Prompt> out = new ArrayList<>(prompts.size());
        for (PromptRef p : prompts) {
            out.add(file(s, p.name()));
        }
        return out;
    }

    /** The prompt {@code name} in the caller's language (a reference; the catalog finds the audio). */
    Prompt file(IvrSession s, String name) {
        return Prompt.named(name, s.language);
    }

    CompletableFuture<PlaybackResult> play(IvrSession s, List<Prompt> prompts, boolean bargeIn) {
        if (prompts.isEmpty()) {
            return Async.done(PlaybackResult.COMPLETED);
        }
        return Async.on(s, s.call.play(new Playback(prompts, false, bargeIn)));
    }

    CompletableFuture<Step> play(IvrSession s, FlowNode.Play p) {
        return play(s, files(s, p.playPrompts()), p.bargeIn()).thenApply(r -> new Step.Next(p.next().node()));
    }

    CompletableFuture<Step> say(IvrSession s, FlowNode.Say say, Scope scope) {
        List<Prompt> parts = new ArrayList<>();
        for (SayPart part : say.parts()) {
            parts.addAll(speak(s, part, scope));
        }
        return play(s, parts, say.bargeIn()).thenApply(r -> new Step.Next(say.next().node()));
    }

    private List<Prompt> speak(IvrSession s, SayPart part, Scope scope) {
        if (part instanceof SayPart.Prompt p) {
            return List.of(file(s, p.prompt().name()));
        }
        if (part instanceof SayPart.Computed c) {
            String name = Values.text(c.name().evaluate(scope));
            if (PROMPT_NAME.matcher(name).matches() && !name.contains("..") && catalog.exists(s.language, name)) {
                return List.of(file(s, name));
            }
            return c.otherwise() == null ? List.of() : List.of(file(s, c.otherwise().name()));
        }
        Speech speech = speech(s);
        List<String> fragments;
        if (part instanceof SayPart.Number n) {
            fragments = speech.number(number(n.value().evaluate(scope), n.value().text())
                    .setScale(0, RoundingMode.HALF_UP).longValueExact());
        } else if (part instanceof SayPart.Digits d) {
            fragments = speech.digits(Values.text(d.value().evaluate(scope)));
        } else if (part instanceof SayPart.Amount a) {
            fragments = speech.amount(number(a.value().evaluate(scope), a.value().text()), a.currency());
        } else if (part instanceof SayPart.Date d) {
            fragments = speech.date(date(d.value().evaluate(scope), d.value().text()), d.withYear());
        } else {
            SayPart.Time t = (SayPart.Time) part;
            fragments = speech.time(time(t.value().evaluate(scope), t.value().text()));
        }
        List<Prompt> out = new ArrayList<>(fragments.size());
        fragments.forEach(f -> out.add(file(s, f)));
        return out;
    }

    /** Numbers spoken in the caller's language (also for queue announcements). */
    List<Prompt> number(IvrSession s, long n) {
        List<Prompt> out = new ArrayList<>();
        speech(s).number(n).forEach(f -> out.add(file(s, f)));
        return out;
    }

    private static Speech speech(IvrSession s) {
        return Speech.of(s.language).orElseThrow(() -> new IllegalStateException(
                "cannot say numbers, dates or times in language '" + s.language + "'"));
    }

    private static BigDecimal number(Object v, String expr) {
        BigDecimal n = Values.number(v);
        if (n == null) {
            throw new ExpressionException("'" + expr + "' is " + (v == null ? "not set" : "'" + v + "'")
                    + ", not a number", 0);
        }
        return n;
    }

    private static LocalDate date(Object v, String expr) {
        String t = Values.text(v);
        try {
            return LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
        } catch (DateTimeParseException e) {
            throw new ExpressionException("'" + expr + "' is '" + t + "', not a date (yyyy-MM-dd)", 0);
        }
    }

    private static LocalTime time(Object v, String expr) {
        String t = Values.text(v);
        try {
            return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new ExpressionException("'" + expr + "' is '" + t + "', not a time of day (HH:mm)", 0);
        }
    }
}
