package org.openucc.telephony.asterisk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.asteriskjava.manager.action.MixMonitorAction;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.DigitResult;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;

/**
 * An agent's device that answered an AMI Originate: the channel waits in {@code asterisk.contexts.agent}
 * until the caller is bridged with it. Only the caller's leg bridges, holds and transfers; this leg
 * hangs up, carries the call's MixMonitor recording, and tells when the agent hangs up.
 */
final class AgentLeg extends AsteriskLeg {
    /** The caller this leg is bridged with (set by the caller's leg, on its owner). */
    volatile CallerLeg partner;

    AgentLeg(AsteriskTelephony telephony, AmiLink ami, String uniqueId, String channel, CallInfo info, Executor owner) {
        super(telephony, ami, uniqueId, channel, info, CallState.ANSWERED, owner);
    }

    /** Starts MixMonitor on this channel (both directions of the bridge, mixed) into {@code location}. */
    CompletionStage<Void> record(String location) {
        return ami.send(new MixMonitorAction(uniqueId, location)).thenApply(r -> null);
    }

    /** The caller stays (a transfer to a queue): it leaves the bridge first, or the bridge's end would hang it up. */
    @Override
    CompletionStage<Void> beforeHangup() {
        CallerLeg p = partner;
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> moved = new CompletableFuture<>();
        p.execute(() -> p.agentTakenAway(this).whenComplete((v, err) -> moved.complete(null)));
        return moved.completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    void ended(EndCause cause, String detail) {
        CallerLeg p = partner;
        if (p != null) {
            p.execute(() -> p.agentLegEnded(this));
        }
        super.ended(cause, detail);
    }

    @Override
    public CompletionStage<Void> hangup(String reason) {
        return hangupChannel(reason);
    }

    @Override
    public CompletionStage<Void> answer() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PlaybackResult> play(Playback playback) {
        return unsupported("play prompts");
    }

    @Override
    public void stopPlayback() {
    }

    @Override
    public CompletionStage<DigitResult> collectDigits(DigitRequest request) {
        return unsupported("collect digits");
    }

    @Override
    public void flushDigits() {
    }

    @Override
    public CompletionStage<Void> bridge(CallControl other, RecordingHandle recordAs) {
        return other.bridge(this, recordAs);
    }

    @Override
    public CompletionStage<Void> hold() {
        return unsupported("hold (the caller's leg holds)");
    }

    @Override
    public CompletionStage<Void> resume() {
        return unsupported("resume (the caller's leg resumes)");
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        return unsupported("transfer (the caller's leg is transferred)");
    }

    @Override
    public CompletionStage<Recording> record(RecordRequest request) {
        return unsupported("record voicemail");
    }

    private static <T> CompletableFuture<T> unsupported(String what) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("an agent's leg on Asterisk does not "
                + what));
    }
}
