package org.openucc.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.ClosedAction;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.OverflowStep;
import org.openucc.config.PriorityConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.crm.FieldError;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;
import org.openucc.routing.AgentState;
import org.openucc.routing.CustomerLeftResult;
import org.openucc.routing.Explanation;
import org.openucc.routing.InteractionView;
import org.openucc.routing.ManualClock;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingCommand.Accept;
import org.openucc.routing.RoutingCommand.Arrival;
import org.openucc.routing.RoutingCommand.Arrive;
import org.openucc.routing.RoutingCommand.CustomerLeft;
import org.openucc.routing.RoutingCommand.EstimateWait;
import org.openucc.routing.RoutingCommand.Explain;
import org.openucc.routing.RoutingCommand.GetArrivalFigures;
import org.openucc.routing.RoutingCommand.GetInteraction;
import org.openucc.routing.RoutingCommand.GetQueue;
import org.openucc.routing.RoutingCommand.GetStats;
import org.openucc.routing.RoutingCommand.ListAgents;
import org.openucc.routing.RoutingCommand.ListQueues;
import org.openucc.routing.RoutingCommand.ListWaiting;
import org.openucc.routing.RoutingCommand.Login;
import org.openucc.routing.RoutingCommand.UpsertAgent;
import org.openucc.routing.RoutingEngine;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingException;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.routing.spi.ScoredCandidate;

/**
 * The routing port's wire format: every command and event record round-trips (found through the sealed
 * interfaces, so a record added later without wire support fails here), real answers of a real
 * {@link RoutingService} round-trip, failures keep what callers tell apart, and bad bytes are refused
 * with a clear {@link IllegalArgumentException}.
 */
class RoutingWireTest {
    private static final long START_MILLIS = 1_733_500_000_000L;

    private final RoutingWire wire = new RoutingWire();
    private final Values values = new Values();
    private RoutingService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    // ------------------------------------------------------------------ every record

    @Test
    void everyCommandRecordRoundTripsWithEveryComponentSetAndWithItsNullsLeftOut() {
        List<Class<?>> commands = Arrays.asList(RoutingCommand.class.getPermittedSubclasses());
        assertThat(commands).hasSizeGreaterThan(35);
        for (Class<?> type : commands) {
            RoutingCommand<?> full = (RoutingCommand<?>) values.record(type);
            assertThat(wire.command(wire.command(full))).as(type.getSimpleName()).isEqualTo(full);
            assertThat(new String(wire.command(full), UTF_8)).as(type.getSimpleName())
                    .startsWith("{\"type\":\"" + type.getSimpleName() + "\"");
            RoutingCommand<?> sparse = (RoutingCommand<?>) values.withNulls(type);
            if (sparse != null) {
                assertThat(wire.command(wire.command(sparse))).as(type.getSimpleName() + " with nulls").isEqualTo(sparse);
            }
        }
    }

    @Test
    void everyEventRecordRoundTripsWithEveryComponentSetAndWithItsNullsLeftOut() {
        List<Class<?>> events = Arrays.asList(RoutingEvent.class.getPermittedSubclasses());
        assertThat(events).hasSizeGreaterThan(15);
        for (Class<?> type : events) {
            RoutingEvent full = (RoutingEvent) values.record(type);
            assertThat(wire.event(wire.event(full))).as(type.getSimpleName()).isEqualTo(full);
            RoutingEvent sparse = (RoutingEvent) values.withNulls(type);
            if (sparse != null) {
                assertThat(wire.event(wire.event(sparse))).as(type.getSimpleName() + " with nulls").isEqualTo(sparse);
            }
        }
    }

    @Test
    void everyCommandsAnswerTypeRoundTrips() {
        for (Class<?> type : RoutingCommand.class.getPermittedSubclasses()) {
            RoutingCommand<?> command = (RoutingCommand<?>) values.record(type);
            Type answerType = answerTypeOf(type);
            Object answer = values.of(answerType, "answer");
            assertThat(wire.answer(command, wire.answer(command, answer)))
                    .as("answer to " + type.getSimpleName() + " (" + answerType.getTypeName() + ")").isEqualTo(answer);
        }
    }

    @Test
    void aLazyCandidateDetailTravelsAsItsText() {
        var decision = new org.openucc.routing.RoutingDecision(org.openucc.routing.RoutingDecision.Trigger.ARRIVAL,
                "longest idle", "longest-idle", "billing>=3", 0,
                List.of(ScoredCandidate.lazy("ann", 42.0, () -> "idle 42s, 0 in hand"),
                        new ScoredCandidate("bob", 7.5, "idle 7.5s")),
                "first logged in", Map.of(org.openucc.routing.ExclusionReason.BUSY, 3));
        var offer = new RoutingEvent.OfferMade(START_MILLIS, "i1", "ann", "support", START_MILLIS + 20_000, decision);

        String json = new String(wire.event(offer), UTF_8);
        RoutingEvent.OfferMade back = (RoutingEvent.OfferMade) wire.event(json.getBytes(UTF_8));

        assertThat(json).contains("\"detail\":\"idle 42s, 0 in hand\"");
        assertThat(back).isEqualTo(offer);
        assertThat(back.decision().candidates().get(0).detail()).isEqualTo("idle 42s, 0 in hand");
        assertThat(back.decision().candidates().get(1).score()).isEqualTo(7.5);
    }

    // ------------------------------------------------------------------ real answers

    @Test
    void realAnswersOfARoutingServiceRoundTrip() {
        List<RoutingEvent> events = new CopyOnWriteArrayList<>();
        service = new RoutingService(RoutingConfig.DEFAULTS, new ManualClock(START_MILLIS), RoutingStrategies.builtIn());
        service.load(List.of(queue("support", Map.of("billing", 1), 0), queue("sales", Map.of(), 0),
                        queue("tiny", Map.of("rare", 9), 1)),
                List.of(new AgentConfig("ann", "Ann Lee", Map.of("billing", 5, "lang-zh", 7), null),
                        new AgentConfig("bob", "Bob", Map.of("billing", 3), Map.of(Channel.VOICE, 1, Channel.CHAT, 2))))
                .join();
        service.addListener(events::add);
        Set<Class<?>> asked = new LinkedHashSet<>();
        Remote remote = new Remote(asked);

        assertThat(remote.send(new ListAgents())).hasSize(2);
        assertThat(remote.send(new ListQueues())).hasSize(3);
        assertThat(remote.send(new GetQueue("support")).name()).isEqualTo("support");
        assertThat(remote.send(new Login("ann", true)).state()).isEqualTo(AgentState.READY);

        NewInteraction chat = new NewInteraction("chat-7f3a", Channel.CHAT, "support", Map.of("lang-zh", 5), 3, Tier.VIP,
                "cust-1042", null, Map.of("page", "/pricing?plan=pro", "subject", "退款 \"refund\" <now>"));
        Arrival offered = remote.send(new Arrive(chat));
        assertThat(offered.placed()).get().extracting(InteractionView::state).isEqualTo(InteractionState.OFFERED);
        remote.send(new Accept("chat-7f3a", "ann"));
        Arrival waiting = remote.send(new Arrive(NewInteraction.of("call-1", Channel.VOICE, "support")));
        assertThat(waiting.placed()).get().extracting(InteractionView::state).isEqualTo(InteractionState.QUEUED);
        remote.send(new Arrive(NewInteraction.of("call-2", Channel.VOICE, "tiny")));
        Arrival refused = remote.send(new Arrive(NewInteraction.of("call-3", Channel.VOICE, "tiny")));
        assertThat(refused.placed()).isEmpty();
        assertThat(refused.refusal()).isNotBlank();

        assertThat(remote.send(new GetInteraction("chat-7f3a"))).get()
                .extracting(InteractionView::agentId).isEqualTo("ann");
        assertThat(remote.send(new GetInteraction("nobody"))).isEmpty();
        assertThat(remote.send(new ListWaiting("support"))).extracting(InteractionView::id).containsExactly("call-1");
        Explanation why = remote.send(new Explain("call-1"));
        assertThat(why.agents()).extracting(Explanation.Verdict::agentId).contains("ann", "bob");
        RoutingEngine.EngineStats stats = remote.send(new GetStats());
        assertThat(stats.waiting()).isEqualTo(2);
        assertThat(remote.send(new EstimateWait("support"))).isNotNull();
        assertThat(remote.send(new GetArrivalFigures("support")).waiting()).isEqualTo(1);
        RoutingCommand.AgentUpserted carl = remote.send(new UpsertAgent(
                new AgentConfig("carl", "Carl", Map.of("billing", 2), Map.of(Channel.EMAIL, 5))));
        assertThat(carl.created()).isTrue();
        assertThat(remote.send(new CustomerLeft("call-1", "caller hung up"))).isEqualTo(CustomerLeftResult.ABANDONED);
        assertThat(remote.send(new CustomerLeft("call-1", "again"))).isEqualTo(CustomerLeftResult.NOT_ROUTED);
        assertThat(remote.send(new CustomerLeft("chat-7f3a", "visitor closed the tab"))).isEqualTo(CustomerLeftResult.ENDED);
        remote.send(new RoutingCommand.SnapshotAgent("ann", "req-1"));

        assertThat(asked).contains(Arrive.class, GetInteraction.class, ListAgents.class, GetQueue.class,
                ListQueues.class, ListWaiting.class, Explain.class, GetStats.class, EstimateWait.class,
                GetArrivalFigures.class, UpsertAgent.class, CustomerLeft.class);
        // and the events the engine emitted on the way, decisions included
        assertThat(events).anyMatch(RoutingEvent.OfferMade.class::isInstance)
                .anyMatch(RoutingEvent.AgentSnapshotTaken.class::isInstance)
                .anyMatch(RoutingEvent.InteractionRejected.class::isInstance);
        for (RoutingEvent e : events) {
            assertThat(wire.event(wire.event(e))).isEqualTo(e);
        }
    }

    /** Commands and answers cross the wire both ways around a real service, as between two nodes. */
    private final class Remote {
        private final Set<Class<?>> asked;

        Remote(Set<Class<?>> asked) {
            this.asked = asked;
        }

        @SuppressWarnings("unchecked")
        <R> R send(RoutingCommand<R> command) {
            asked.add(command.getClass());
            RoutingCommand<?> received = wire.command(wire.command(command));
            assertThat(received).isEqualTo(command);
            Object answer = service.send(received).join();
            Object back = wire.answer(command, wire.answer(received, answer));
            assertThat(back).as("answer to " + command).isEqualTo(answer);
            return (R) back;
        }
    }

    // ------------------------------------------------------------------ failures

    @Test
    void routingExceptionsKeepTheirKindAndMessage() {
        for (RoutingException.Kind kind : RoutingException.Kind.values()) {
            RuntimeException back = wire.failure(wire.failure(new RoutingException(kind, "agent 'ann' is " + kind)));
            assertThat(back).isExactlyInstanceOf(RoutingException.class).hasMessage("agent 'ann' is " + kind);
            assertThat(((RoutingException) back).kind()).isEqualTo(kind);
        }
    }

    @Test
    void aRealRefusalCrossesTheWireUnwrapped() {
        service = new RoutingService(RoutingConfig.DEFAULTS, new ManualClock(START_MILLIS), RoutingStrategies.builtIn());
        service.load(List.of(queue("support", Map.of(), 0)), List.of()).join();
        Throwable thrown = catchThrowable(() -> service.send(new GetQueue("nope")).join());
        assertThat(thrown).isInstanceOf(CompletionException.class);

        RuntimeException back = wire.failure(wire.failure(thrown));

        assertThat(back).isExactlyInstanceOf(RoutingException.class).hasMessage(thrown.getCause().getMessage());
        assertThat(((RoutingException) back).kind()).isEqualTo(RoutingException.Kind.NOT_FOUND);
    }

    @Test
    void theJournalsUnavailableKeepsItsRetryHint() {
        var behind = UnavailableException.here("the interaction log is behind", Duration.ofMillis(2_500));
        var back = (UnavailableException) wire.failure(wire.failure(new CompletionException(behind)));
        assertThat(back).hasMessage("the interaction log is behind");
        assertThat(back.retryAfterSeconds()).contains(3L);
        assertThat(back.byPeer()).isFalse();

        var peer = (UnavailableException) wire.failure(wire.failure(UnavailableException.peer("SMTP refused")));
        assertThat(peer.byPeer()).isTrue();
        assertThat(peer.retryAfterSeconds()).isEmpty();
        var noHint = (UnavailableException) wire.failure(wire.failure(UnavailableException.here("not set up")));
        assertThat(noHint.retryAfterSeconds()).isEmpty();
        assertThat(noHint.byPeer()).isFalse();

        var limit = (LimitExceededException) wire.failure(wire.failure(
                new LimitExceededException("too many chats", Duration.ofMillis(1_500))));
        assertThat(limit.retryAfter()).contains(Duration.ofMillis(1_500));
        assertThat(limit).hasMessage("too many chats");
    }

    @Test
    void otherKnownFailuresKeepTypeAndMessage() {
        assertThat(wire.failure(wire.failure(new IllegalStateException("the routing port is stopped"))))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("the routing port is stopped");
        assertThat(wire.failure(wire.failure(new IllegalStateException())))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage(null);
        assertThat(wire.failure(wire.failure(new IllegalArgumentException("an agent can be set READY"))))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("an agent can be set READY");
        assertThat(wire.failure(wire.failure(new StateConflictException("the chat has ended"))))
                .isExactlyInstanceOf(StateConflictException.class).hasMessage("the chat has ended");
        var invalid = new InvalidInputException(List.of(new FieldError("skills.billing", "must be 1..10, not 11")));
        var back = (InvalidInputException) wire.failure(wire.failure(invalid));
        assertThat(back).hasMessage(invalid.getMessage());
        assertThat(back.fields()).isEqualTo(invalid.fields());
    }

    @Test
    void anUnexpectedFailureIsUnavailableWithItsMessageAndNoStack() {
        var bug = new NullPointerException("Cannot invoke \"String.length()\" because \"name\" is null");
        bug.initCause(new java.io.IOException("deep cause"));
        byte[] bytes = wire.failure(new CompletionException(bug));

        String json = new String(bytes, UTF_8);
        assertThat(json).doesNotContain("org.openucc", "java.", "\tat ", "deep cause", "NullPointerException");
        RuntimeException back = wire.failure(bytes);
        assertThat(back).isExactlyInstanceOf(RoutingException.class).hasMessageContaining("String.length()");
        assertThat(((RoutingException) back).kind()).isEqualTo(RoutingException.Kind.UNAVAILABLE);

        RuntimeException noMessage = wire.failure(wire.failure(new ArithmeticException()));
        assertThat(noMessage).isExactlyInstanceOf(RoutingException.class).hasMessageContaining("ArithmeticException");
    }

    // ------------------------------------------------------------------ bad bytes

    @Test
    void badBytesAreRefusedSayingWhatIsWrong() {
        assertRefused(() -> wire.command(new byte[0]), "is empty (no bytes)");
        assertRefused(() -> wire.command((byte[]) null), "is empty (no bytes)");
        assertRefused(() -> wire.command("not json".getBytes(UTF_8)), "malformed routing command: not JSON");
        assertRefused(() -> wire.command("{\"type\":\"Accept\",\"interactionId\":\"i1\"".getBytes(UTF_8)), "not JSON");
        assertRefused(() -> wire.command("null".getBytes(UTF_8)), "is null");
        assertRefused(() -> wire.command("[1,2]".getBytes(UTF_8)), "malformed routing command: expected a JSON object");
        assertRefused(() -> wire.command(" [\"Accept\",{\"interactionId\":\"i1\"}]".getBytes(UTF_8)),
                "expected a JSON object, found a list");
        assertRefused(() -> wire.command("{\"interactionId\":\"i1\"}".getBytes(UTF_8)), "needs its \"type\"");
        assertRefused(() -> wire.command("{\"type\":\"Frobnicate\"}".getBytes(UTF_8)),
                "unknown routing command type 'Frobnicate'");
        assertRefused(() -> wire.command("{\"type\":\"org.openucc.routing.RoutingCommand$Accept\"}".getBytes(UTF_8)),
                "unknown routing command type");
        assertRefused(() -> wire.command(wire.event(new RoutingEvent.WrapUpEnded(1, "i1", "ann"))),
                "unknown routing command type 'WrapUpEnded'");
        assertRefused(() -> wire.event(wire.command(new Accept("i1", "ann"))), "unknown routing event type 'Accept'");
        assertRefused(() -> wire.command("{\"type\":\"Accept\",\"interactionId\":{\"a\":1}}".getBytes(UTF_8)),
                "Accept.interactionId");
        assertRefused(() -> wire.command("{\"type\":\"Accept\",\"interactionId\":\"i1\",\"bogus\":1}".getBytes(UTF_8)),
                "bogus");
        assertRefused(() -> wire.command("{\"type\":\"Accept\",\"interactionId\":\"i1\"} trailing".getBytes(UTF_8)),
                "malformed routing command");
        assertRefused(() -> wire.command("{\"type\":\"ChangePriority\",\"interactionId\":\"i1\",\"priority\":\"high\"}"
                .getBytes(UTF_8)), "ChangePriority.priority");
        assertRefused(() -> wire.command("{\"type\":\"SetAgentState\",\"agentId\":\"ann\",\"target\":\"BUSY\"}"
                .getBytes(UTF_8)), "invalid routing command SetAgentState: an agent can be set READY");
        assertRefused(() -> wire.command("{\"type\":\"Arrive\"}".getBytes(UTF_8)),
                "invalid routing command Arrive: missing interaction");
        assertRefused(() -> wire.command("{\"type\":\"Login\",\"agentId\":\"ann\",\"ready\":\"maybe\"}".getBytes(UTF_8)),
                "Login.ready");
        assertRefused(() -> wire.event("{\"type\":\"OfferEnded\",\"outcome\":\"EXPLODED\"}".getBytes(UTF_8)),
                "OfferEnded.outcome");
    }

    @Test
    void badAnswersAndFailuresAreRefusedSayingWhatIsWrong() {
        assertRefused(() -> wire.answer(new GetStats(), "\"lots\"".getBytes(UTF_8)), "answer to GetStats");
        assertRefused(() -> wire.answer(new Accept("i1", "ann"), "42".getBytes(UTF_8)), "answer to Accept must be null");
        assertRefused(() -> wire.answer(new EstimateWait("q"), new byte[0]), "is empty (no bytes)");
        assertRefused(() -> wire.answer(new GetQueue("q"), "not a queue"), "the answer to GetQueue must be of type QueueView, not String");
        assertRefused(() -> wire.answer(new GetInteraction("i1"), (Object) null), "must be of type Optional<InteractionView>, not null");
        assertRefused(() -> wire.answer(new Accept("i1", "ann"), "x"), "the answer to Accept");
        assertRefused(() -> wire.failure("{\"type\":\"OutOfMemoryError\",\"message\":\"x\"}".getBytes(UTF_8)),
                "unknown failure type 'OutOfMemoryError'");
        assertRefused(() -> wire.failure("{\"type\":\"RoutingException\",\"message\":\"x\"}".getBytes(UTF_8)),
                "needs its \"kind\"");
        assertRefused(() -> wire.failure("{\"message\":\"x\"}".getBytes(UTF_8)), "needs its \"type\"");
        assertRefused(() -> wire.failure("oops".getBytes(UTF_8)), "malformed failure");
        assertRefused(() -> wire.failure("null".getBytes(UTF_8)), "is null");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .hasMessageNotContaining("\n\tat ");
    }

    // ------------------------------------------------------------------ size and shape

    @Test
    void theEncodingIsCompactAndNamesNoJavaClass() {
        assertThat(new String(wire.command(new Accept("i1", "ann")), UTF_8))
                .isEqualTo("{\"type\":\"Accept\",\"interactionId\":\"i1\",\"agentId\":\"ann\"}");
        assertThat(new String(wire.command(new RoutingCommand.End("i1", "done")), UTF_8))
                .as("null components are left out").isEqualTo("{\"type\":\"End\",\"interactionId\":\"i1\",\"reason\":\"done\"}");
        assertThat(new String(wire.answer(new EstimateWait("q"), 42_000L), UTF_8)).isEqualTo("42000");
        assertThat(new String(wire.answer(new Accept("i1", "ann"), (Object) null), UTF_8)).isEqualTo("null");

        NewInteraction chat = new NewInteraction("chat-7f3a", Channel.CHAT, "support", Map.of("lang-zh", 5), 3, Tier.VIP,
                "cust-1042", "ann", Map.of("page", "/pricing"));
        byte[] arrive = wire.command(new Arrive(chat));
        assertThat(arrive.length).as(new String(arrive, UTF_8)).isLessThan(250);
        for (Class<?> type : RoutingEvent.class.getPermittedSubclasses()) {
            String json = new String(wire.event((RoutingEvent) values.record(type)), UTF_8);
            assertThat(json).as(type.getSimpleName()).doesNotContain("org.openucc", "java.", "@class");
        }
        for (Class<?> type : RoutingCommand.class.getPermittedSubclasses()) {
            String json = new String(wire.command((RoutingCommand<?>) values.record(type)), UTF_8);
            assertThat(json).as(type.getSimpleName()).doesNotContain("org.openucc", "java.", "@class");
        }
    }

    @Test
    void theWireFormatUsesNoNetworkLibrary() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.openucc.cluster");
        noClasses().that().belongToAnyOf(RoutingWire.class, FailureWire.class)
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "com.hazelcast..")
                .check(classes);
    }

    // ------------------------------------------------------------------ fixtures

    private static QueueConfig queue(String id, Map<String, Integer> skills, int maxWaiting) {
        return new QueueConfig(id, null, Set.of(Channel.VOICE, Channel.CHAT, Channel.EMAIL), skills, null, null, null,
                null, null, null, null, null, maxWaiting, Duration.ofMinutes(1), Duration.ofMinutes(1), null, null);
    }

    private static Type answerTypeOf(Class<?> command) {
        for (Type t : command.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == RoutingCommand.class) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new AssertionError(command + " names no answer type");
    }

    /**
     * Non-trivial values by type: texts with quotes and non-Latin letters, numbers that differ from one
     * component to the next, two-entry maps and lists, and the config records built as an operator would.
     */
    static final class Values {
        private int n;

        Object record(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (int attempt = 0; attempt < 10; attempt++) {
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = of(components[i].getGenericType(), components[i].getName());
                }
                try {
                    return canonical(type).newInstance(args);
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof IllegalArgumentException)) {
                        throw new AssertionError("cannot build " + type.getSimpleName(), e.getCause());
                    }
                    // e.g. SetAgentState refuses BUSY: the next attempt picks other enum constants
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot build " + type.getSimpleName(), e);
                }
            }
            throw new AssertionError("no valid " + type.getSimpleName() + " in 10 attempts");
        }

        /** Every reference component null (primitives as given), or null when the record refuses that. */
        Object withNulls(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> c = components[i].getType();
                args[i] = c.isPrimitive() ? of(c, components[i].getName()) : null;
            }
            try {
                return canonical(type).newInstance(args);
            } catch (InvocationTargetException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot build " + type.getSimpleName(), e);
            }
        }

        Object of(Type type, String name) {
            Class<?> raw = raw(type);
            n++;
            if (raw == String.class) {
                return name + "-" + n + " \"客服\" <b>&";
            }
            if (raw == int.class || raw == Integer.class) {
                return 3 + n;
            }
            if (raw == long.class || raw == Long.class) {
                return START_MILLIS + n * 1_001L;
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return n % 2 == 0;
            }
            if (raw == double.class || raw == Double.class) {
                return 87.5 + n;
            }
            if (raw == Void.class) {
                return null;
            }
            if (raw.isEnum()) {
                Object[] constants = raw.getEnumConstants();
                return constants[n % constants.length];
            }
            if (raw == Duration.class) {
                return Duration.ofMillis(1_500L * n);
            }
            if (raw == NewInteraction.class) {
                return new NewInteraction("chat-" + n, Channel.CHAT, "support", Map.of("lang-zh", 5, "billing", 3), 2,
                        Tier.VIP, "cust-1042", "ann", Map.of("page", "/pricing?plan=pro", "subject", "退款 \"refund\""));
            }
            if (raw == AgentConfig.class) {
                return new AgentConfig("agent-" + n, "Ann Lee", Map.of("billing", 7, "lang-zh", 9),
                        Map.of(Channel.VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5));
            }
            if (raw == QueueConfig.class) {
                return new QueueConfig("billing-" + n, "Billing", Set.of(Channel.VOICE, Channel.CHAT), Map.of("billing", 3),
                        new ServiceLevel(90, Duration.ofSeconds(15)), "most-skilled", Map.of("weight", "0.7"),
                        new PriorityConfig(Map.of(Tier.VIP, 40, Tier.A, 10), Duration.ofSeconds(30)),
                        List.of(new OverflowStep(Duration.ofSeconds(60), 2, List.of("sales")),
                                new OverflowStep(Duration.ofSeconds(120), null, List.of())),
                        Duration.ofMinutes(5), MaxWaitAction.QUEUE, "sales", 50, Duration.ofSeconds(30),
                        Duration.ofSeconds(25), Duration.ofMinutes(2), "office-hours", ClosedAction.OVERFLOW, "after-hours");
            }
            if (raw == ScoredCandidate.class) {
                int k = n;
                return ScoredCandidate.lazy("agent-" + k, 10.25 * k, () -> "idle " + k + "s, 0 in hand");
            }
            if (raw == Optional.class) {
                return Optional.of(of(arg(type, 0), name));
            }
            if (raw == Map.class) {
                Map<Object, Object> map = new LinkedHashMap<>();
                while (map.size() < 2) {
                    map.put(of(arg(type, 0), name + "-key"), of(arg(type, 1), name + "-value"));
                }
                return map;
            }
            if (raw == List.class) {
                List<Object> list = new ArrayList<>();
                list.add(of(arg(type, 0), name));
                list.add(of(arg(type, 0), name));
                return list;
            }
            if (raw == Set.class) {
                Set<Object> set = new LinkedHashSet<>();
                while (set.size() < 2) {
                    set.add(of(arg(type, 0), name));
                }
                return set;
            }
            if (raw.isRecord()) {
                return record(raw);
            }
            throw new AssertionError("no test value for " + type.getTypeName() + " (" + name + "): add one here"
                    + " and make sure the wire carries it");
        }

        private static Constructor<?> canonical(Class<?> type) throws NoSuchMethodException {
            Class<?>[] params = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<?> c = type.getDeclaredConstructor(params);
            c.setAccessible(true);
            return c;
        }

        private static Class<?> raw(Type type) {
            if (type instanceof Class<?> c) {
                return c;
            }
            if (type instanceof ParameterizedType p) {
                return (Class<?>) p.getRawType();
            }
            throw new AssertionError("unexpected type " + type);
        }

        private static Type arg(Type type, int i) {
            return ((ParameterizedType) type).getActualTypeArguments()[i];
        }
    }
}
