package org.openucc.http.cti;

import java.util.concurrent.CompletableFuture;
import org.openucc.auth.Caller;
import org.openucc.cti.StreamPeer;
import org.openucc.http.ApiProblem;
import org.openucc.http.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agent and supervisor consoles share on their inbound side: parse, answer {@code ping}, run the
 * command, and send an ack or an error that carries the message's id. No message can break the
 * connection: every failure becomes an error message (server errors are logged with an id).
 */
abstract class ConsoleConnection {
    private static final Logger log = LoggerFactory.getLogger(ConsoleConnection.class);

    final Caller caller;
    final StreamPeer peer;

    ConsoleConnection(Caller caller, StreamPeer peer) {
        this.caller = caller;
        this.peer = peer;
    }

    /** Runs one command; the result (may be null) is put into the ack. Throws or fails for errors. */
    abstract CompletableFuture<?> command(InboundMessage message);

    final void onText(String text) {
        InboundMessage m;
        try {
            if (text.length() > InboundMessage.MAX_LENGTH) {
                throw new BadRequestException("messages are at most " + InboundMessage.MAX_LENGTH + " characters");
            }
            m = InboundMessage.parse(text);
        } catch (RuntimeException e) {
            reply(null, e);
            return;
        }
        if ("ping".equals(m.type())) {
            peer.send(ConsoleReplies.pong(m.id()));
            return;
        }
        CompletableFuture<?> done;
        try {
            done = command(m);
        } catch (RuntimeException e) {
            reply(m.id(), e);
            return;
        }
        done.whenComplete((result, failure) -> {
            if (failure != null) {
                reply(m.id(), failure);
            } else {
                peer.send(ConsoleReplies.ack(m.id(), m.type(), result));
            }
        });
    }

    final void onBinary() {
        reply(null, new BadRequestException("send JSON text messages; binary messages are not understood"));
    }

    final CompletableFuture<Void> unknownType(InboundMessage m, String known) {
        return CompletableFuture.failedFuture(BadRequestException.field("type", "'" + m.type()
                + "' is not a message type here; use one of " + known));
    }

    private void reply(String id, Throwable failure) {
        ApiProblem problem = ApiProblem.of(failure);
        String message = problem.message();
        if (problem.isServerError() && problem.status() == 500) {
            String errorId = java.util.UUID.randomUUID().toString().substring(0, 8);
            log.error("Console message of user '{}' failed (error id {})", caller.username(), errorId, failure);
            message = "internal error (id " + errorId + ")";
        }
        peer.send(ConsoleReplies.error(id, problem, message));
    }
}
