package org.openucc.intake;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.openucc.crm.Customer;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.Ids;
import org.openucc.crm.LookupKey;
import org.openucc.fault.InvalidInputException;
import org.openucc.interaction.Channel;
import org.openucc.interaction.ContextKeys;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionLog;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.InteractionView;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingException;
import org.openucc.routing.RoutingPort;

/**
 * The create-interaction use case, for the REST API and the channels alike. Takes an interaction in:
 * identifies the customer (by id, or by phone, email, account number or chat identity through the
 * CRM), writes {@code INTERACTION_CREATED} to the log and
 * waits until it is durable, then hands the interaction to the ACD with the customer's tier and id and
 * the collected context. If the ACD refuses it, the refusal is logged too: nothing accepted is lost.
 * Blocking: call it on a worker thread.
 */
public final class InteractionIntake {
    /**
     * An interaction to create.
     *
     * @param direction  INBOUND unless the integration placed it (OUTBOUND)
     * @param attributes context collected before routing (IVR digits, web page, subject), kept as sent
     */
    public record Request(Channel channel, String queueId, String direction, String customerId, String phone,
                          String email, String accountNumber, String chatIdentity, Map<String, Integer> skills,
                          int priority, String preferredAgentId, Map<String, String> attributes) {
    }

    /**
     * What was created and where it is now: QUEUED or OFFERED (in {@code queueId}, which may be the
     * queue it was sent to while its own was closed), or REJECTED with the {@code reason} (queue full, closed).
     */
    public record Created(String id, Channel channel, String queueId, String customerId, Tier tier, String state,
                          int position, long estimatedWaitMillis, String reason) {
    }

    private final RoutingPort routing;
    private final CustomerStore customers;
    private final InteractionLog interactionLog;
    private final Ids ids;

    public InteractionIntake(RoutingPort routing, CustomerStore customers, InteractionLog interactionLog,
                             InstantSource clock) {
        this.routing = routing;
        this.customers = customers;
        this.interactionLog = interactionLog;
        this.ids = new Ids(clock);
    }

    public Created create(Request r) {
        return create(r, ids.next("int"));
    }

    /** A fresh interaction id, for a channel that must store something under it before {@link #create(Request, String)}. */
    public String newId() {
        return ids.next("int");
    }

    /** Creates the interaction under an id from {@link #newId()}. */
    public Created create(Request r, String id) {
        Optional<Customer> customer = identify(r);
        Map<String, String> context = new LinkedHashMap<>(r.attributes() == null ? Map.of() : r.attributes());
        put(context, ContextKeys.PHONE, r.phone());
        put(context, ContextKeys.EMAIL, r.email());
        put(context, ContextKeys.ACCOUNT_NUMBER, r.accountNumber());
        put(context, ContextKeys.CHAT_IDENTITY, r.chatIdentity());
        String customerId = customer.map(Customer::id).orElse(null);
        Tier tier = customer.map(Customer::tier).orElse(null);
        interactionLog.admit(); // refused before anything is written while the log is behind or cannot write
        interactionLog.append(NewLogEvent.interactionCreated(null, id, r.channel(),
                r.direction() == null ? "INBOUND" : r.direction(), r.queueId(), customerId, context)
                .withRouting(r.skills(), r.priority(), tier, r.preferredAgentId())).join();
        NewInteraction in = new NewInteraction(id, r.channel(), r.queueId(), r.skills(), r.priority(), tier, customerId,
                r.preferredAgentId(), context);
        Optional<InteractionView> view;
        String[] refusal = new String[1];
        try {
            RoutingCommand.Arrival arrival = routing.send(new RoutingCommand.Arrive(in)).toCompletableFuture().join();
            view = arrival.placed();
            refusal[0] = arrival.refusal();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            interactionLog.append(NewLogEvent.failed(null, id, "routing refused it: " + cause.getMessage()))
                    .join();
            throw cause instanceof RoutingException re ? re : e;
        }
        return view.map(v -> new Created(id, r.channel(), v.queueId(), customerId, tier, v.state().name(), v.position(),
                        v.estimatedWaitMillis(), null))
                .orElseGet(() -> new Created(id, r.channel(), r.queueId(), customerId, tier, "REJECTED", 0, 0,
                        refusal[0]));
    }

    private Optional<Customer> identify(Request r) {
        if (r.customerId() != null) {
            return Optional.of(customers.find(r.customerId()).orElseThrow(() ->
                    InvalidInputException.field("customerId", "no customer has the id '" + r.customerId() + "'")));
        }
        for (LookupKey key : new LookupKey[] {key(r.phone(), LookupKey::phone), key(r.email(), LookupKey::email),
                key(r.accountNumber(), LookupKey::accountNumber), key(r.chatIdentity(), LookupKey::chatIdentity)}) {
            if (key != null) {
                Optional<CustomerMatch> match = customers.lookup(key);
                if (match.isPresent()) {
                    return Optional.of(match.get().customer());
                }
            }
        }
        return Optional.empty();
    }

    private static LookupKey key(String value, java.util.function.Function<String, LookupKey> kind) {
        return value == null || value.isBlank() ? null : kind.apply(value);
    }

    private static void put(Map<String, String> context, String key, String value) {
        if (value != null && !value.isBlank()) {
            context.put(key, value);
        }
    }

}
