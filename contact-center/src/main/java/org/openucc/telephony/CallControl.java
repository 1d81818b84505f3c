package org.openucc.telephony;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.fault.NotSupportedException;

/**
 * One call leg, whatever carries it (built-in SIP/RTP, Asterisk). The IVR runtime, the CTI bridge
 * and the dialer drive calls only through this port. Every operation is asynchronous; a stage
 * fails with {@link CallEndedException} if the call ends before the operation completes.
 *
 * <p>DTMF digits are buffered from answer on: {@link #collectDigits} consumes the buffer first, so a
 * digit pressed during a prompt (barge-in) is not lost.
 */
public interface CallControl {
    String callId();

    CallInfo info();

    CallState state();

    CompletionStage<Void> answer();

    /**
     * Plays prompts in order (or loops them); completes when done, on barge-in, or when stopped. Fails
     * with {@link PromptUnavailableException} if a prompt cannot be found.
     */
    CompletionStage<PlaybackResult> play(Playback playback);

    /** Stops the current playback (e.g. hold music before bridging); its stage completes STOPPED. */
    void stopPlayback();

    CompletionStage<DigitResult> collectDigits(DigitRequest request);

    /** Discards digits buffered so far (e.g. before a new menu). */
    void flushDigits();

    /**
     * Connects this (answered) leg with another answered leg: media flows between them through the
     * server; if {@code recordAs} is not null both parties are recorded under that handle, in the place
     * the adapter chooses ({@link CallEvent.RecordingAvailable} tells where once it is complete).
     */
    CompletionStage<Void> bridge(CallControl other, RecordingHandle recordAs);

    CompletionStage<Void> hold();

    CompletionStage<Void> resume();

    /** Blind transfer of the remote party to an outside number or URI. */
    CompletionStage<Void> transfer(String destination);

    /** Records what the caller says (voicemail): after a beep, up to a maximum, ending on silence. */
    CompletionStage<Recording> record(RecordRequest request);

    /** Sends DTMF to the remote party (RFC 4733 on the built-in stack). */
    CompletionStage<Void> sendDtmf(String digits);

    CompletionStage<Void> hangup(String reason);

    void addListener(CallListener listener);

    /**
     * Answering-machine detection (outbound calls): listens to what the answered party sends, with no
     * prompt playing, until {@code settings} give a verdict (see {@link AmdSettings}). Completes with the
     * verdict (NOTSURE after the total analysis time); fails with {@link CallEndedException} if the call
     * ends first. One detection at a time per call.
     *
     * <p>By default it fails with {@link NotSupportedException}, rather than answering NOTSURE, so a
     * telephony without a detector is never counted as "not sure" calls in a campaign's machine rate.
     */
    default CompletionStage<AmdResult> detectAnsweringMachine(AmdSettings settings) {
        return detectAnsweringMachine(settings, null);
    }

    /**
     * {@link #detectAnsweringMachine(AmdSettings)}, and if {@code sampleAs} is not null the audio that was
     * judged is recorded under that handle ({@link CallEvent.RecordingAvailable} tells where once it is
     * complete), so a supervisor can listen to a sample of the verdicts.
     */
    default CompletionStage<AmdResult> detectAnsweringMachine(AmdSettings settings, RecordingHandle sampleAs) {
        return CompletableFuture.failedFuture(new NotSupportedException("call " + callId()
                + ": answering-machine detection is not available on this telephony"));
    }

    /**
     * Waits until the answered party has been silent for {@code silence} without a break (e.g. the end
     * of a machine's greeting and beep, before leaving a recorded message with {@link #play}), judged
     * with {@link AmdSettings#defaults()}'s silence threshold. Completes {@code true} then, or
     * {@code false} if {@code timeout} passes first; fails with {@link CallEndedException} if the call
     * ends. By default it fails with {@link NotSupportedException}.
     */
    default CompletionStage<Boolean> awaitSilence(Duration silence, Duration timeout) {
        return CompletableFuture.failedFuture(new NotSupportedException("call " + callId()
                + ": waiting for silence is not available on this telephony"));
    }

    /**
     * Monitoring: joins {@code supervisor} (another answered leg, the supervisor's phone) to the bridge of
     * this leg (the customer's) with the agent, in {@code mode}; called again for the same supervisor it
     * changes the mode live. One supervisor at a time. The bridge's recording keeps what it records (the
     * customer and the agent), never the supervisor. Fails with {@link NotSupportedException} by default.
     */
    default CompletionStage<Void> monitor(CallControl supervisor, MonitorMode mode) {
        return CompletableFuture.failedFuture(new NotSupportedException("call " + callId()
                + ": listening in, whispering and barging are not available on this telephony"));
    }

    /** Lets the supervisor joined with {@link #monitor} go; the bridge carries on as before. Nothing by default. */
    default CompletionStage<Void> stopMonitor(CallControl supervisor) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Tells the leg which interaction it carries, once the voice flow knows (an adapter may note it where
     * it survives this server: Asterisk keeps it as a channel variable, so a caller who comes back after
     * a restart finds the interaction again). Nothing by default.
     */
    default void belongsTo(String interactionId) {
    }
}
