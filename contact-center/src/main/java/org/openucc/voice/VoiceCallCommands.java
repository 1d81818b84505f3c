package org.openucc.voice;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.cti.CallCommands;
import org.openucc.routing.RoutingException;
import org.openucc.telephony.Playback;
import org.openucc.telephony.Prompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent console's call control over the voice flow's calls, on whatever telephony carries them
 * (the built-in SIP stack: re-INVITE for hold and resume, REFER for a blind transfer, BYE).
 *
 * <ul>
 *   <li>hold: the caller's leg is re-INVITEd {@code sendonly} (RFC 3264 §8.4: the caller's phone stops
 *       sending, so the agent hears nothing) and hears the hold music; logged HELD;</li>
 *   <li>resume: the music stops, the leg is re-INVITEd {@code sendrecv}, the bridge carries audio again;
 *       logged RESUMED;</li>
 *   <li>transfer: the caller is asked to call the destination (REFER, RFC 3515); once they accept, both
 *       legs here are hung up and the interaction ends (the agent wraps up). A plain number is
 *       resolved against this server, so a service number transfers into its IVR or queue;</li>
 *   <li>hangup: both legs, the interaction ends, the agent goes to wrap-up;</li>
 *   <li>DTMF: RFC 4733 events to the caller's leg (another company's IVR on an agent's own call).</li>
 * </ul>
 * A call that is not connected to that agent on this server fails with 409.
 */
public final class VoiceCallCommands implements CallCommands {
    private static final Logger log = LoggerFactory.getLogger(VoiceCallCommands.class);

    private final VoiceQueueFlow flow;

    public VoiceCallCommands(VoiceQueueFlow flow) {
        this.flow = flow;
    }

    @Override
    public CompletionStage<Void> hold(String interactionId, String agentId) {
        return flow.command(interactionId, agentId, false, c -> {
            if (c.stage() == CallStage.HELD) {
                throw conflict("the call of interaction " + interactionId + " is already on hold");
            }
            flow.journal().admit();
            c.held(true);
            return c.then(c.customer.hold()).handle((v, err) -> {
                if (err != null) {
                    if (c.stage() == CallStage.HELD) {
                        c.held(false);
                    }
                    throw new RoutingException(RoutingException.Kind.CONFLICT, "the caller's phone refused hold: "
                            + VoiceQueueFlow.cause(err).getMessage());
                }
                if (c.stage() == CallStage.HELD) {
                    c.customer.play(Playback.looping(Prompt.file(flow.settings().holdMusic().toString())));
                    return flow.journal().held(interactionId, c.agentId); // answered once durable
                }
                return CompletableFuture.<Void>completedFuture(null);
            }).thenCompose(durable -> durable);
        });
    }

    @Override
    public CompletionStage<Void> resume(String interactionId, String agentId) {
        return flow.command(interactionId, agentId, false, c -> {
            if (c.stage() != CallStage.HELD) {
                throw conflict("the call of interaction " + interactionId + " is not on hold");
            }
            flow.journal().admit();
            c.customer.stopPlayback();
            return c.then(c.customer.resume()).handle((v, err) -> {
                if (err != null) {
                    throw new RoutingException(RoutingException.Kind.CONFLICT, "the caller's phone refused to resume: "
                            + VoiceQueueFlow.cause(err).getMessage());
                }
                if (c.stage() == CallStage.HELD) {
                    c.held(false);
                    return flow.journal().resumed(interactionId, c.agentId); // answered once durable
                }
                return CompletableFuture.<Void>completedFuture(null);
            }).thenCompose(durable -> durable);
        });
    }

    @Override
    public CompletionStage<Void> transfer(String interactionId, String agentId, String destination) {
        if (destination == null || !destination.matches("\\+?[0-9*#]{1,32}|sips?:[^\\s<>]{3,200}|tel:\\+?[0-9-]{1,32}")) {
            return CompletableFuture.failedFuture(new RoutingException(RoutingException.Kind.INVALID, "'" + destination
                    + "' is not a number (digits, optionally with a leading +) or a sip:/tel: URI"));
        }
        return flow.command(interactionId, agentId, false, c -> {
            flow.journal().admit();
            boolean held = c.stage() == CallStage.HELD;
            if (held) {
                c.customer.stopPlayback();
            }
            return c.then(c.customer.transfer(destination)).handle((v, err) -> {
                if (err != null) {
                    if (held && c.stage() == CallStage.HELD) {
                        c.customer.play(Playback.looping(Prompt.file(flow.settings().holdMusic().toString())));
                    }
                    throw new RoutingException(RoutingException.Kind.CONFLICT, "transfer to " + destination
                            + " failed: " + VoiceQueueFlow.cause(err).getMessage());
                }
                log.info("interaction {}: agent {} transferred the caller to {}", interactionId, c.agentId, destination);
                CompletionStage<Void> durable = flow.journal().transferredOut(interactionId, c.agentId, destination);
                if (c.stage().talking()) {
                    c.hangUpBoth("transferred to " + destination);
                }
                return durable; // answered once durable
            }).thenCompose(durable -> durable);
        });
    }

    @Override
    public CompletionStage<Void> hangup(String interactionId, String agentId) {
        return flow.command(interactionId, agentId, true, c -> {
            if (c.dialling()) {
                c.cancelDial("hung up by agent " + c.agentId + " before the customer answered");
                return CompletableFuture.completedFuture(null);
            }
            c.hangUpBoth("hung up by agent " + c.agentId);
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * DTMF to the customer's leg while connected (not on hold: the customer's side hears the music then),
     * as RFC 4733 telephone events. The digits are not logged: they may be a PIN or a card number.
     */
    @Override
    public CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits) {
        if (digits == null || !digits.matches("[0-9*#A-Da-d]{1,32}")) {
            return CompletableFuture.failedFuture(new RoutingException(RoutingException.Kind.INVALID,
                    "DTMF digits are 1 to 32 of 0-9 * # A-D"));
        }
        return flow.command(interactionId, agentId, false, c -> {
            if (c.stage() == CallStage.HELD) {
                throw conflict("the call of interaction " + interactionId + " is on hold; resume it to send DTMF");
            }
            return c.then(c.customer.sendDtmf(digits.toUpperCase(java.util.Locale.ROOT)));
        });
    }

    @Override
    public CompletionStage<org.openucc.cti.MonitorSession> monitor(String interactionId, String supervisor,
                                                                   String phone, org.openucc.telephony.MonitorMode mode) {
        return flow.command(interactionId, null, false, c -> c.startMonitor(supervisor, phone, mode));
    }

    @Override
    public CompletionStage<org.openucc.cti.MonitorSession> changeMonitor(String interactionId, String supervisor,
                                                                         boolean anyone,
                                                                         org.openucc.telephony.MonitorMode mode) {
        return flow.command(interactionId, null, false, c -> mine(c.monitor(), supervisor, anyone).change(mode));
    }

    @Override
    public CompletionStage<Void> stopMonitor(String interactionId, String supervisor, boolean anyone) {
        return flow.command(interactionId, null, false, c -> mine(c.monitor(), supervisor, anyone)
                .end("ended by " + supervisor));
    }

    private static CallMonitor mine(CallMonitor m, String supervisor, boolean anyone) {
        if (!anyone && !m.supervisor.equals(supervisor)) {
            throw new RoutingException(RoutingException.Kind.NOT_HOLDER, "supervisor " + m.supervisor
                    + " monitors this call, not " + supervisor);
        }
        return m;
    }

    private static RoutingException conflict(String message) {
        return new RoutingException(RoutingException.Kind.CONFLICT, message);
    }
}
