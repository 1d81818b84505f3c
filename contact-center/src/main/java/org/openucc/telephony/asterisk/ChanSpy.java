package org.openucc.telephony.asterisk;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.response.GetVarResponse;
import org.openucc.config.AsteriskConfig;
import org.openucc.telephony.MonitorMode;

/**
 * Monitoring on Asterisk: the supervisor's answered phone (waiting in {@code asterisk.contexts.agent}) is
 * moved with AMI Redirect into {@code asterisk.contexts.monitor} at the extension of the mode, whose ChanSpy
 * spies on the agent's channel (named in the phone's {@code OPENUCC_SPY}): {@code listen} runs ChanSpy with
 * {@code q} (quiet), {@code whisper} adds {@code w}, {@code barge} {@code B}. Changing the mode redirects the
 * phone again: ChanSpy ends and starts anew in the other extension while the phone's call goes on.
 */
final class ChanSpy {
    /** The dialplan variable naming the channel to spy on, set on the supervisor's channel. */
    static final String TARGET_VARIABLE = "OPENUCC_SPY";

    private ChanSpy() {
    }

    /** The extension of {@code asterisk.contexts.monitor} that spies in {@code mode}. */
    static String extension(MonitorMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Points the supervisor's channel at the agent's current channel name (asked of Asterisk: the AMI Bridge
     * may have renamed it) and moves it into ChanSpy in {@code mode}; completes once Asterisk took the Redirect.
     */
    static CompletableFuture<Void> spy(AmiLink ami, AsteriskConfig config, AsteriskLeg supervisor, AsteriskLeg agent,
                                       MonitorMode mode) {
        return ami.send(new GetVarAction(agent.uniqueId, "CHANNEL")).thenCompose(r -> {
            String name = r instanceof GetVarResponse g ? g.getValue() : null;
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("Asterisk " + ami.name() + " does not name the agent's channel "
                        + agent.uniqueId);
            }
            return ami.send(new SetVarAction(supervisor.uniqueId, TARGET_VARIABLE, name));
        }).thenCompose(r -> ami.send(new RedirectAction(supervisor.uniqueId, config.contexts().monitor(),
                extension(mode), 1))).thenApply(r -> null);
    }
}
