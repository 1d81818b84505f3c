package org.openucc.dialout;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.openucc.config.DialOutConfig;
import org.openucc.config.PhoneNumberType;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.Ids;
import org.openucc.crm.LookupKey;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.interaction.Channel;
import org.openucc.interaction.ContextKeys;
import org.openucc.interaction.Tier;
import org.openucc.limits.RateLimiter;
import org.openucc.limits.Rejections;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.AgentView;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.voice.AgentDialers;
import org.openucc.voice.DialOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent calls a number (the console's dial pad, click-to-call on a screen pop or a search result):
 * the number is checked (a callable kind, never an emergency number), the customer identified (by the
 * id the console sent, else by the number), {@code INTERACTION_CREATED} (OUTBOUND_VOICE, OUTBOUND) made
 * durable, and the ACD gives the interaction to the agent at once ({@link RoutingCommand.StartWithAgent}),
 * so it counts in their capacity and blending like any call. Then the voice flow rings the agent's
 * phone, then the customer, and bridges them; from there it is a call like any other (recorded, held,
 * transferred, hung up from the console; wrap-up and disposition). How the dial went is logged as
 * {@code DIAL_OUT_RESULT}; a dial that failed ends the interaction (the agent wraps up).
 */
public final class DialOutService {
    private static final Logger log = LoggerFactory.getLogger(DialOutService.class);

    /** What the agent is told: the interaction that now rings their phone. */
    public record Started(String interactionId, String number, String customerId, String queueId) {
    }

    private final DialOutConfig config;
    private final PhoneNormalizer phones;
    private final CustomerStore customers;
    private final InteractionLog interactionLog;
    private final RoutingPort routing;
    private final AgentDialers dialers;
    private final Executor workers;
    private final Ids ids;
    private final RateLimiter perAgent;
    private final Rejections rejections;

    public DialOutService(DialOutConfig config, PhoneNormalizer phones, CustomerStore customers,
                          InteractionLog interactionLog, RoutingPort routing, AgentDialers dialers,
                          Executor workers, InstantSource clock, Rejections rejections) {
        this.config = config;
        this.phones = phones;
        this.customers = customers;
        this.interactionLog = interactionLog;
        this.routing = routing;
        this.dialers = dialers;
        this.workers = workers;
        this.rejections = rejections;
        this.ids = new Ids(clock);
        this.perAgent = new RateLimiter(config.maxCallsPerMinutePerAgent(), Duration.ofMinutes(1), clock);
    }

    /**
     * Starts agent {@code agentId}'s call to {@code number} (blocking: run it on a worker). Answers once
     * the interaction is the agent's and their phone is being rung.
     *
     * @param customerId the customer the number belongs to, when the console knows it (else looked up)
     */
    public Started dial(String agentId, String number, String customerId) {
        String e164 = callable(number);
        AgentDialers.Route voice = dialers.forAgent(agentId);
        if (voice.dialer() == null) {
            throw UnavailableException.here(voice.refusal() + "; dial-out is not possible");
        }
        AgentView agent = routing.send(new RoutingCommand.GetAgent(agentId)).toCompletableFuture().join();
        refuseIfCannotCall(agent);
        if (!agent.phoneReachable()) {
            throw new StateConflictException("agent " + agentId + " has no registered phone; register it to dial out");
        }
        Optional<Customer> customer = identify(customerId, e164);
        if (!perAgent.tryAcquire(agentId)) {
            rejections.count("dial-out", "calls-per-agent");
            long retry = perAgent.retryAfterSeconds(agentId);
            throw new LimitExceededException("at most " + config.maxCallsPerMinutePerAgent()
                    + " dial-outs per minute; try again in " + retry + " s", Duration.ofSeconds(retry));
        }
        String id = ids.next("int");
        Map<String, String> context = new LinkedHashMap<>();
        context.put(ContextKeys.PHONE, e164);
        context.put("dialOut.agent", agentId);
        String cid = customer.map(Customer::id).orElse(null);
        Tier tier = customer.map(Customer::tier).orElse(null);
        interactionLog.admit(); // refused before anything is written while the log is behind or cannot write
        interactionLog.append(NewLogEvent.interactionCreated(null, id, Channel.OUTBOUND_VOICE, "OUTBOUND",
                config.queue(), cid, context).withRouting(null, 0, tier, agentId)).join();
        try {
            routing.send(new RoutingCommand.StartWithAgent(new NewInteraction(id, Channel.OUTBOUND_VOICE,
                    config.queue(), null, 0, tier, cid, agentId, context), agentId)).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            interactionLog.append(NewLogEvent.failed(null, id, "the agent could not take it: " + cause.getMessage()))
                    .join();
            throw cause instanceof RuntimeException re ? re : e;
        }
        try (org.slf4j.MDC.MDCCloseable mdc = org.slf4j.MDC.putCloseable("interaction", id)) {
            log.info("Agent {} dials {} ({})", agentId, e164, cid == null ? "unknown customer" : cid);
        }
        // The built-in stack gets the dialUri's SIP URI; Asterisk the number, for its outbound trunk.
        voice.dialer().dialAgentFirst(id, agentId, voice.customer(e164, config.uriFor(e164)),
                        voice.callerId(config.callerId()), config.ringTimeout())
                .whenComplete((outcome, failure) -> workers.execute(() -> {
                    if (failure != null) {
                        failed(id, agentId, e164, "FAILED", message(failure));
                    } else if (outcome instanceof DialOutcome.Failed f) {
                        failed(id, agentId, e164, f.result(), f.detail());
                    } else {
                        result(id, agentId, e164, "ANSWERED", null);
                    }
                }));
        return new Started(id, e164, cid, config.queue());
    }

    /**
     * The plain refusals, told before anything is logged: logged out, an offer ringing, a call in hand
     * or being wrapped up, no OUTBOUND_VOICE capacity. The rest (blending: e.g. a chat in hand) the ACD
     * decides when it gets the interaction, as for any call; an email in hand does not stop a call.
     */
    private static void refuseIfCannotCall(AgentView agent) {
        String why = switch (agent.state()) {
            case LOGGED_OUT -> "is LOGGED_OUT; log in first";
            case RESERVED -> "has an offer ringing (RESERVED); answer or decline it first";
            default -> Arrays.stream(Channel.values()).filter(Channel::isVoice)
                    .anyMatch(c -> agent.load().getOrDefault(c, 0) > 0)
                    ? "is " + agent.state() + " with a call in hand; finish it (and its wrap-up) first"
                    : agent.capacity().getOrDefault(Channel.OUTBOUND_VOICE, 0) == 0
                    ? "takes no OUTBOUND_VOICE calls (no capacity for them)" : null;
        };
        if (why != null) {
            throw new StateConflictException("agent " + agent.id() + " " + why);
        }
    }

    /** The number in E.164, if it is one agents may dial; else 400 saying why. */
    private String callable(String number) {
        PhoneNumberType type = phones.typeOf(number);
        if (type == PhoneNumberType.EMERGENCY) {
            rejections.count("dial-out", "number-type");
            throw InvalidInputException.field("number", "is an emergency number; dial it from a phone, not through"
                    + " the contact center");
        }
        Optional<String> e164 = phones.toE164(number);
        if (e164.isEmpty()) {
            throw InvalidInputException.field("number", "is not a phone number we can call");
        }
        if (!config.numberTypes().contains(type)) {
            rejections.count("dial-out", "number-type");
            throw InvalidInputException.field("number", "is a " + describe(type) + " number; agents may dial only "
                    + String.join(", ", config.numberTypes().stream().map(DialOutService::describe).toList())
                    + " numbers");
        }
        return e164.get();
    }

    private Optional<Customer> identify(String customerId, String e164) {
        if (customerId != null) {
            return Optional.of(customers.find(customerId).orElseThrow(() ->
                    InvalidInputException.field("customerId", "no customer has the id '" + customerId + "'")));
        }
        return customers.lookup(LookupKey.phone(e164)).map(CustomerMatch::customer);
    }

    private void failed(String id, String agentId, String number, String result, String detail) {
        result(id, agentId, number, result, detail);
        routing.send(new RoutingCommand.End(id, "dial-out: " + result + (detail == null ? "" : " (" + detail + ")")))
                .exceptionally(x -> null); // already ended (the agent hung up): nothing to do
    }

    private void result(String id, String agentId, String number, String result, String detail) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("number", number);
        d.put("result", result);
        d.put("detail", detail);
        interactionLog.append(new NewLogEvent(null, LogEventType.DIAL_OUT_RESULT, id, agentId, config.queue(), null,
                agentId, d));
        try (org.slf4j.MDC.MDCCloseable mdc = org.slf4j.MDC.putCloseable("interaction", id)) {
            log.info("Dial-out {} by {} to {}: {}{}", id, agentId, number, result, detail == null ? "" : " (" + detail + ")");
        }
    }

    /** "premium rate" for PREMIUM_RATE. */
    private static String describe(PhoneNumberType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String message(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t.getMessage();
    }
}
