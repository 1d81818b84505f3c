package org.openucc;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openucc.cti.CallCommands;

/**
 * The console's call commands, each sent to the telephony that carries the interaction's call (the
 * built-in SIP stack or Asterisk); a call no telephony carries gets the first one's answer (409).
 */
final class RoutedCallCommands implements CallCommands {
    /** A telephony's commands and the calls it carries. */
    record Route(Predicate<String> carries, CallCommands commands) {
    }

    private final List<Route> routes;

    RoutedCallCommands(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    private <T> CompletionStage<T> to(String interactionId, Function<CallCommands, CompletionStage<T>> command) {
        for (Route r : routes) {
            if (r.carries().test(interactionId)) {
                return command.apply(r.commands());
            }
        }
        return command.apply(routes.get(0).commands());
    }

    @Override
    public CompletionStage<Void> hold(String interactionId, String agentId) {
        return to(interactionId, c -> c.hold(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> resume(String interactionId, String agentId) {
        return to(interactionId, c -> c.resume(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> transfer(String interactionId, String agentId, String destination) {
        return to(interactionId, c -> c.transfer(interactionId, agentId, destination));
    }

    @Override
    public CompletionStage<Void> hangup(String interactionId, String agentId) {
        return to(interactionId, c -> c.hangup(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits) {
        return to(interactionId, c -> c.sendDtmf(interactionId, agentId, digits));
    }

    @Override
    public CompletionStage<org.openucc.cti.MonitorSession> monitor(String interactionId, String supervisor,
                                                                   String phone, org.openucc.telephony.MonitorMode mode) {
        return to(interactionId, c -> c.monitor(interactionId, supervisor, phone, mode));
    }

    @Override
    public CompletionStage<org.openucc.cti.MonitorSession> changeMonitor(String interactionId, String supervisor,
                                                                         boolean anyone,
                                                                         org.openucc.telephony.MonitorMode mode) {
        return to(interactionId, c -> c.changeMonitor(interactionId, supervisor, anyone, mode));
    }

    @Override
    public CompletionStage<Void> stopMonitor(String interactionId, String supervisor, boolean anyone) {
        return to(interactionId, c -> c.stopMonitor(interactionId, supervisor, anyone));
    }
}
