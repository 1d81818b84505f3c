package org.openucc.http.cti;

import java.util.concurrent.CompletableFuture;
import org.openucc.auth.Caller;
import org.openucc.cti.AgentChannelCommands;
import org.openucc.cti.AgentDesk;
import org.openucc.cti.AgentMessages;
import org.openucc.cti.StreamPeer;
import org.openucc.http.BadRequestException;
import org.openucc.routing.AgentState;

/**
 * One agent console's inbound side: every message is parsed, validated and handed to the
 * {@link AgentDesk} as the logged-in agent; the answer is an ack or an error carrying the message's id.
 * A bad message gets an error, never a dropped connection.
 */
final class AgentConnection extends ConsoleConnection {
    private final AgentDesk desk;
    private final java.util.List<AgentChannelCommands> channels;

    AgentConnection(Caller caller, StreamPeer peer, AgentDesk desk) {
        this(caller, peer, desk, java.util.List.of());
    }

    AgentConnection(Caller caller, StreamPeer peer, AgentDesk desk, java.util.List<AgentChannelCommands> channels) {
        super(caller, peer);
        this.desk = desk;
        this.channels = java.util.List.copyOf(channels);
    }

    @Override
    CompletableFuture<?> command(InboundMessage m) {
        String agentId = caller.agentId();
        switch (m.type()) {
            case "ready" -> {
                m.fields().end();
                return desk.setState(caller, agentId, AgentState.READY, null).thenApply(AgentMessages::agentState);
            }
            case "notReady" -> {
                String reason = m.fields().text("reason", true, 64);
                m.fields().end();
                return desk.setState(caller, agentId, AgentState.NOT_READY, reason).thenApply(AgentMessages::agentState);
            }
            case "logout" -> {
                m.fields().end();
                return desk.setState(caller, agentId, AgentState.LOGGED_OUT, null).thenApply(AgentMessages::agentState);
            }
            case "accept" -> {
                String id = interaction(m);
                return desk.accept(caller, id);
            }
            case "decline" -> {
                String id = interaction(m);
                return desk.decline(caller, id);
            }
            case "end" -> {
                String id = m.interactionId();
                String reason = m.fields().text("reason", false, 200);
                m.fields().end();
                return desk.end(caller, id, reason);
            }
            case "hold" -> {
                return desk.hold(caller, interaction(m));
            }
            case "resume" -> {
                return desk.resume(caller, interaction(m));
            }
            case "hangup" -> {
                return desk.hangup(caller, interaction(m));
            }
            case "transfer" -> {
                return transfer(m);
            }
            case "dtmf" -> {
                String id = m.interactionId();
                String digits = m.fields().text("digits", true, 32);
                m.fields().end();
                return desk.sendDtmf(caller, id, digits);
            }
            case "wrapUp" -> {
                String id = m.interactionId();
                String disposition = m.fields().text("disposition", true, 64);
                String notes = m.fields().text("notes", false, 20_000);
                String followUp = m.fields().text("followUp", false, 300);
                java.time.Instant due = m.fields().instant("followUpDue", false);
                if (followUp != null && followUp.isBlank()) {
                    m.fields().add("followUp", "must not be empty: it is the follow-up task to create (leave it out for none)");
                }
                if (due != null && followUp == null) {
                    m.fields().add("followUpDue", "is the due date of a follow-up task; give followUp (the task) too");
                }
                m.fields().end();
                return desk.wrapUp(caller, id, disposition, notes,
                        followUp == null ? null : new AgentDesk.FollowUp(followUp, due));
            }
            default -> {
                StringBuilder known = new StringBuilder("ping, ready, notReady, logout, accept, decline, end, hold,"
                        + " resume, hangup, transfer, dtmf, wrapUp");
                for (AgentChannelCommands c : channels) {
                    java.util.Optional<CompletableFuture<?>> done = c.command(caller, m.type(), m.fields());
                    if (done.isPresent()) {
                        return done.get();
                    }
                    known.append(", ").append(c.types());
                }
                return unknownType(m, known.toString());
            }
        }
    }

    private CompletableFuture<Void> transfer(InboundMessage m) {
        String id = m.interactionId();
        String queueId = m.fields().text("queueId", false, 100);
        String destination = m.fields().text("destination", false, 200);
        if ((queueId == null) == (destination == null)) {
            m.fields().add("queueId", "give either queueId (to another queue) or destination (a number, voice only)");
        }
        m.fields().end();
        return queueId != null ? desk.transfer(caller, id, queueId) : desk.transferCall(caller, id, destination);
    }

    private static String interaction(InboundMessage m) {
        String id = m.interactionId();
        m.fields().end();
        if (id == null) {
            throw new BadRequestException("interactionId is required");
        }
        return id;
    }
}
