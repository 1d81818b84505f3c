package org.openucc.telephony.asterisk;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.PlayDtmfAction;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallListener;
import org.openucc.telephony.CallState;
import org.openucc.telephony.EndCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Asterisk channel as a {@link CallControl}, named by its Uniqueid (which AMI actions accept where
 * they take a channel, and which survives the masquerade of an AMI Bridge). Its state lives on one
 * serial owner; AMI events and FastAGI results arrive there as tasks.
 */
abstract class AsteriskLeg implements CallControl {
    private static final Logger log = LoggerFactory.getLogger(AsteriskLeg.class);

    final AsteriskTelephony telephony;
    final AmiLink ami;
    final String uniqueId;
    final CallInfo info;
    final Executor owner;
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
    volatile CallState state;
    volatile String channel;
    /** Set when this server asked for the end (so the channel's Hangup event is ours); read by the other leg. */
    volatile boolean hangingUp;

    AsteriskLeg(AsteriskTelephony telephony, AmiLink ami, String uniqueId, String channel, CallInfo info,
                CallState state, Executor owner) {
        this.telephony = telephony;
        this.ami = ami;
        this.uniqueId = uniqueId;
        this.channel = channel;
        this.info = info;
        this.state = state;
        this.owner = owner;
    }

    @Override
    public String callId() {
        return uniqueId;
    }

    @Override
    public CallInfo info() {
        return info;
    }

    @Override
    public CallState state() {
        return state;
    }

    @Override
    public void addListener(CallListener listener) {
        listeners.add(listener);
    }

    void emit(CallEvent event) {
        for (CallListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("{}: a listener failed on {}", this, event, e);
            }
        }
    }

    /** Runs on the owner. */
    void execute(Runnable task) {
        try {
            owner.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("{}: the adapter is stopped; dropped a task", this);
        }
    }

    /** The channel is gone (its AMI Hangup event, or a reconcile that no longer finds it). */
    void gone(EndCause cause, String detail) {
        execute(() -> {
            if (state == CallState.ENDED) {
                return;
            }
            state = CallState.ENDED;
            ended(hangingUp ? EndCause.LOCAL_HANGUP : cause, detail);
        });
    }

    /** On the owner, once, when the leg ends: clean up, then tell the listeners. */
    void ended(EndCause cause, String detail) {
        telephony.forget(this);
        emit(new CallEvent.Ended(uniqueId, cause, detail));
    }

    /** Hangs the channel up over AMI; the leg ends at once (the channel's Hangup event finds it ended). */
    CompletionStage<Void> hangupChannel(String reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            if (state == CallState.ENDED) {
                done.complete(null);
                return;
            }
            hangingUp = true;
            beforeHangup().whenComplete((v, e) -> ami.send(new HangupAction(uniqueId, 16)).whenComplete((r, err) -> {
                if (err != null && String.valueOf(err.getMessage()).contains("No such channel")) {
                    log.debug("{}: hangup ({}): Asterisk had ended it already", this, reason);
                } else if (err != null) {
                    log.info("{}: hangup ({}): {}", this, reason, err.getMessage());
                }
            }));
            state = CallState.ENDED;
            ended(EndCause.LOCAL_HANGUP, reason);
            done.complete(null);
        });
        return done;
    }

    /** Sends DTMF to the channel's phone (AMI PlayDTMF), one digit after the other. */
    @Override
    public CompletionStage<Void> sendDtmf(String digits) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (char d : digits.toCharArray()) {
            all = all.thenCompose(v -> ami.send(new PlayDtmfAction(uniqueId, String.valueOf(d))).thenApply(r -> null));
        }
        return all;
    }

    /** On the owner, before this server hangs the channel up: the hang-up waits for what it returns. */
    CompletionStage<Void> beforeHangup() {
        return CompletableFuture.completedFuture(null);
    }

    static <T> CompletableFuture<T> endedFuture(String callId) {
        return CompletableFuture.failedFuture(new CallEndedException(callId, EndCause.REMOTE_HANGUP));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + uniqueId + (channel == null ? "" : " (" + channel + ")");
    }
}
