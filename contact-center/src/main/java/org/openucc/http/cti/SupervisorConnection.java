package org.openucc.http.cti;

import java.util.concurrent.CompletableFuture;
import org.openucc.auth.Caller;
import org.openucc.board.Bulletin;
import org.openucc.cti.AgentDesk;
import org.openucc.cti.AgentMessages;
import org.openucc.cti.BulletinSubscriber;
import org.openucc.cti.StreamPeer;
import org.openucc.cti.SupervisorChannelCommands;
import org.openucc.routing.AgentState;
import org.openucc.stats.AgentRow;
import org.openucc.stats.QueueFigures;
import org.openucc.stats.StatsSnapshot;
import org.openucc.json.ApiJson;
import org.openucc.stats.StatsSubscriber;

/**
 * One supervisor console: receives the live figures (a snapshot on connect, then each change, at most
 * once per interval per queue or agent) and may steer agents: set one NOT_READY or log them out; the
 * channels add their own types (chat: monitor, whisper, join; {@link SupervisorChannelCommands}).
 */
final class SupervisorConnection extends ConsoleConnection implements StatsSubscriber, BulletinSubscriber {
    private final AgentDesk desk;
    private final java.util.List<SupervisorChannelCommands> channels;

    SupervisorConnection(Caller caller, StreamPeer peer, AgentDesk desk) {
        this(caller, peer, desk, java.util.List.of());
    }

    SupervisorConnection(Caller caller, StreamPeer peer, AgentDesk desk, java.util.List<SupervisorChannelCommands> channels) {
        super(caller, peer);
        this.desk = desk;
        this.channels = java.util.List.copyOf(channels);
    }

    /** The socket closed: the channels end what this console had open (monitoring sessions). */
    void closed() {
        channels.forEach(c -> c.consoleClosed(caller, peer));
    }

    @Override
    public void snapshot(StatsSnapshot snapshot) {
        var m = ApiJson.message("snapshot");
        m.set("queues", ApiJson.mapper().valueToTree(snapshot.queues()));
        m.set("agents", ApiJson.mapper().valueToTree(snapshot.agents()));
        peer.send(m.toString());
    }

    @Override
    public void queueChanged(QueueFigures queue) {
        var m = ApiJson.message("queue");
        m.set("queue", ApiJson.tree(queue));
        peer.send(m.toString());
    }

    @Override
    public void agentChanged(AgentRow agent) {
        var m = ApiJson.message("agent");
        m.set("agent", ApiJson.tree(agent));
        peer.send(m.toString());
    }

    /** A bulletin some supervisor posted, so every wall shows the board as agents see it. */
    @Override
    public void bulletin(Bulletin b) {
        peer.send(AgentMessages.bulletin(b));
    }

    @Override
    CompletableFuture<?> command(InboundMessage m) {
        switch (m.type()) {
            case "notReady" -> {
                String agentId = m.fields().text("agentId", true, 100);
                String reason = m.fields().text("reason", true, 64);
                m.fields().end();
                return desk.setState(caller, agentId, AgentState.NOT_READY, reason).thenApply(AgentMessages::agentState);
            }
            case "logout" -> {
                String agentId = m.fields().text("agentId", true, 100);
                m.fields().end();
                return desk.setState(caller, agentId, AgentState.LOGGED_OUT, null).thenApply(AgentMessages::agentState);
            }
            default -> {
                StringBuilder known = new StringBuilder("ping, notReady, logout");
                for (SupervisorChannelCommands c : channels) {
                    java.util.Optional<CompletableFuture<?>> done = c.command(caller, peer, m.type(), m.fields());
                    if (done.isPresent()) {
                        return done.get();
                    }
                    known.append(", ").append(c.types());
                }
                return unknownType(m, known.toString());
            }
        }
    }
}
