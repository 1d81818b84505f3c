package org.openucc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openucc.cti.CallCommands;
import org.openucc.routing.RoutingException;

/**
 * Call commands of a telephony component for the CTI bridge, which is built before the component
 * starts: they act on the component's commands while it runs and fail with 409 otherwise.
 */
final class LateCallCommands implements CallCommands {
    private final Supplier<CallCommands> started;
    private final String notRunning;

    /** @param notRunning the 409's message while the component does not run */
    LateCallCommands(Supplier<CallCommands> started, String notRunning) {
        this.started = started;
        this.notRunning = notRunning;
    }

    private <T> CompletionStage<T> with(Function<CallCommands, CompletionStage<T>> command) {
        CallCommands c = started.get();
        if (c == null) {
            return CompletableFuture.failedFuture(new RoutingException(RoutingException.Kind.CONFLICT, notRunning));
        }
        return command.apply(c);
    }

    @Override
    public CompletionStage<Void> hold(String interactionId, String agentId) {
        return with(c -> c.hold(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> resume(String interactionId, String agentId) {
        return with(c -> c.resume(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> transfer(String interactionId, String agentId, String destination) {
        return with(c -> c.transfer(interactionId, agentId, destination));
    }

    @Override
    public CompletionStage<Void> hangup(String interactionId, String agentId) {
        return with(c -> c.hangup(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits) {
        return with(c -> c.sendDtmf(interactionId, agentId, digits));
    }

    @Override
    public CompletionStage<org.openucc.cti.MonitorSession> monitor(String interactionId, String supervisor,
                                                                   String phone, org.openucc.telephony.MonitorMode mode) {
        return with(c -> c.monitor(interactionId, supervisor, phone, mode));
    }

    @Override
    public CompletionStage<org.openucc.cti.MonitorSession> changeMonitor(String interactionId, String supervisor,
                                                                         boolean anyone,
                                                                         org.openucc.telephony.MonitorMode mode) {
        return with(c -> c.changeMonitor(interactionId, supervisor, anyone, mode));
    }

    @Override
    public CompletionStage<Void> stopMonitor(String interactionId, String supervisor, boolean anyone) {
        return with(c -> c.stopMonitor(interactionId, supervisor, anyone));
    }
}
