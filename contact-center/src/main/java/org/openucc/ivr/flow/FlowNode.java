package org.openucc.ivr.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.openucc.ivr.expr.Expression;
import org.openucc.ivr.expr.Template;

/**
 * One named step of a flow. The kinds are closed: each record is one {@code type:} of the flow
 * language, with the fields it accepts (see {@code ivr-scripts/README.md}).
 */
public sealed interface FlowNode {
    String id();

    /** Where the node's name is written. */
    Source source();

    /** The {@code type:} as written in flow files. */
    String type();

    /** Every step this node can continue to. */
    List<Ref> refs();

    /** Every prompt named literally (checked to exist in each language of the flow). */
    default List<PromptRef> prompts() {
        return List.of();
    }

    /** Whether the node waits for the caller (a loop through such a node cannot spin). */
    default boolean takesInput() {
        return false;
    }

    /** Whether the call's journey can end here (no next step is needed). */
    default boolean terminal() {
        return false;
    }

    record Play(String id, Source source, List<PromptRef> playPrompts, boolean bargeIn, Ref next) implements FlowNode {
        public String type() {
            return "play";
        }

        public List<Ref> refs() {
            return present(next);
        }

        public List<PromptRef> prompts() {
            return playPrompts;
        }
    }

    record Say(String id, Source source, List<SayPart> parts, boolean bargeIn, Ref next) implements FlowNode {
        public String type() {
            return "say";
        }

        public List<Ref> refs() {
            return present(next);
        }

        public List<PromptRef> prompts() {
            List<PromptRef> out = new ArrayList<>();
            for (SayPart p : parts) {
                if (p instanceof SayPart.Prompt fixed) {
                    out.add(fixed.prompt());
                } else if (p instanceof SayPart.Computed c && c.otherwise() != null) {
                    out.add(c.otherwise());
                }
            }
            return out;
        }
    }

    /**
     * Plays the menu (a digit interrupts it) and goes where the digit says; invalid or no input
     * replays it up to {@code retries} times, then goes to {@code fallback}.
     */
    record Menu(String id, Source source, List<PromptRef> menuPrompts, Map<String, Ref> options, Duration timeout,
                int retries, List<PromptRef> invalidPrompts, List<PromptRef> noInputPrompts, boolean bargeIn,
                Ref fallback) implements FlowNode {
        public String type() {
            return "menu";
        }

        public List<Ref> refs() {
            List<Ref> out = new ArrayList<>(options.values());
            out.addAll(present(fallback));
            return out;
        }

        public List<PromptRef> prompts() {
            return concat(menuPrompts, invalidPrompts, noInputPrompts);
        }

        public boolean takesInput() {
            return true;
        }
    }

    /** Collects digits into a variable, with timeouts, a terminator, a pattern and retries. */
    record Collect(String id, Source source, List<PromptRef> collectPrompts, String into, int minDigits, int maxDigits,
                   Character terminator, Duration timeout, Duration interDigitTimeout, Duration overallTimeout,
                   Pattern pattern, int retries, List<PromptRef> invalidPrompts, List<PromptRef> noInputPrompts,
                   boolean secret, boolean bargeIn, Ref next, Ref fallback) implements FlowNode {
        public String type() {
            return "collect";
        }

        public List<Ref> refs() {
            return present(next, fallback);
        }

        public List<PromptRef> prompts() {
            return concat(collectPrompts, invalidPrompts, noInputPrompts);
        }

        public boolean takesInput() {
            return true;
        }
    }

    enum LookupBy { CALLER, ACCOUNT }

    /** Finds the customer in the CRM store; with {@code pin} the PIN must match too. */
    record Lookup(String id, Source source, LookupBy by, Expression account, Expression pin, Ref found, Ref notFound,
                  Ref wrongPin, Ref error) implements FlowNode {
        public String type() {
            return "lookup";
        }

        public List<Ref> refs() {
            return present(found, notFound, wrongPin, error);
        }
    }

    record Branch(String id, Source source, Expression condition, Ref then, Ref otherwise) implements FlowNode {
        public String type() {
            return "branch";
        }

        public List<Ref> refs() {
            return present(then, otherwise);
        }
    }

    record Case(Expression when, Ref next) {
    }

    /** The first case whose condition holds, else {@code otherwise}. */
    record Switch(String id, Source source, List<Case> cases, Ref otherwise) implements FlowNode {
        public String type() {
            return "switch";
        }

        public List<Ref> refs() {
            List<Ref> out = new ArrayList<>();
            cases.forEach(c -> out.add(c.next()));
            out.addAll(present(otherwise));
            return out;
        }
    }

    /**
     * Sets variables and what the interaction will carry: language, queue, skills (level 0 removes
     * one), priority, attributes.
     */
    record SetValues(String id, Source source, Map<String, Expression> variables, String language, String queue,
                     Source queueSource, Map<String, Integer> skills, Expression priority,
                     Map<String, Template> attributes, Ref next)
            implements FlowNode {
        public String type() {
            return "set";
        }

        public List<Ref> refs() {
            return present(next);
        }
    }

    /** The long-wait offer: when the estimated wait exceeds {@code above}, these prompts are played once. */
    record LongWait(Duration above, List<PromptRef> prompts) {
    }

    /**
     * Waits in a queue with hold music, announcing position and estimated wait every
     * {@code announce}; the caller may press one of {@code keys} to leave; after {@code maxWait}
     * (or the queue's own maximum) the flow goes on at {@code onMaxWait}. A {@code greeting} (may be
     * null) plays once while the call already waits, before the announcements and the music.
     */
    record EnterQueue(String id, Source source, String queue, Source queueSource, PromptRef greeting, PromptRef music,
                      Duration announce, Duration maxWait, Ref onMaxWait, Map<String, Ref> keys, LongWait longWait, Ref error)
            implements FlowNode {
        public String type() {
            return "queue";
        }

        public List<Ref> refs() {
            List<Ref> out = new ArrayList<>(keys.values());
            out.addAll(present(onMaxWait, error));
            return out;
        }

        /**
         * The announcement's fixed parts: "you are number" N "in the queue", "your estimated waiting
         * time is" M "minutes" / "less than a minute".
         */
        public static final List<String> ANNOUNCEMENT = List.of("queue-position", "queue-position-end", "queue-wait",
                "queue-minutes", "queue-under-a-minute");

        public List<PromptRef> prompts() {
            List<PromptRef> out = new ArrayList<>();
            if (greeting != null) {
                out.add(greeting);
            }
            if (music != null) {
                out.add(music);
            }
            if (longWait != null) {
                out.addAll(longWait.prompts());
            }
            if (announce != null) {
                ANNOUNCEMENT.forEach(name -> out.add(new PromptRef(name, source)));
            }
            return out;
        }

        public boolean takesInput() {
            return true;
        }

        public boolean terminal() {
            return true; // an agent answering ends the flow
        }
    }

    /** Keeps the caller's place: a CALLBACK interaction for {@code number} (default: the caller). */
    record Callback(String id, Source source, String queue, Source queueSource, Expression number, Ref next,
                    Ref error) implements FlowNode {
        public String type() {
            return "callback";
        }

        public List<Ref> refs() {
            return present(next, error);
        }
    }

    /** Records a message after a beep; it becomes a CALLBACK interaction carrying the recording. */
    record Voicemail(String id, Source source, List<PromptRef> intro, String queue, Source queueSource,
                     Duration maxLength, Duration silence, Ref next, Ref error) implements FlowNode {
        public String type() {
            return "voicemail";
        }

        public List<Ref> refs() {
            return present(next, error);
        }

        public List<PromptRef> prompts() {
            return intro;
        }

        public boolean takesInput() {
            return true;
        }
    }

    /**
     * Calls an HTTP endpoint; a 2xx JSON answer fills {@code results} (variable → JSON pointer),
     * anything else (status, timeout, bad JSON) goes to {@code error}.
     */
    record Http(String id, Source source, String method, Template url, Map<String, Template> headers, Template body,
                Duration timeout, Map<String, String> results, Ref next, Ref error) implements FlowNode {
        public String type() {
            return "http";
        }

        public List<Ref> refs() {
            return present(next, error);
        }
    }

    /** Blind transfer to an outside number; {@code error} if the transfer fails. */
    record Transfer(String id, Source source, Template to, Ref error) implements FlowNode {
        public String type() {
            return "transfer";
        }

        public List<Ref> refs() {
            return present(error);
        }

        public boolean terminal() {
            return true;
        }
    }

    /** Continues at the start of another flow, keeping the variables. */
    record Goto(String id, Source source, String flow, Source flowSource) implements FlowNode {
        public String type() {
            return "goto";
        }

        public List<Ref> refs() {
            return List.of();
        }

        public boolean terminal() {
            return true;
        }
    }

    record Hangup(String id, Source source, String reason) implements FlowNode {
        public String type() {
            return "hangup";
        }

        public List<Ref> refs() {
            return List.of();
        }

        public boolean terminal() {
            return true;
        }
    }

    private static List<Ref> present(Ref... refs) {
        List<Ref> out = new ArrayList<>();
        for (Ref r : refs) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    @SafeVarargs
    private static List<PromptRef> concat(Collection<PromptRef>... lists) {
        List<PromptRef> out = new ArrayList<>();
        for (Collection<PromptRef> l : lists) {
            out.addAll(Objects.requireNonNullElse(l, List.of()));
        }
        return out;
    }
}
