package org.openucc.telephony.asterisk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.asteriskjava.manager.action.BridgeAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.openucc.config.AsteriskConfig;
import org.openucc.fault.NotSupportedException;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DigitCollector;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.DigitResult;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.PromptUnavailableException;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller on Asterisk: what the IVR and the queue do to the caller runs over FastAGI (one command at
 * a time on the FastAGI session's thread: prompts with STREAM FILE, keys with WAIT FOR DIGIT and the
 * escape digits of a prompt, voicemail with RECORD FILE), what the agent console does runs over AMI
 * (Bridge with the agent's channel, Redirect for hold and transfer, Hangup, PlayDTMF, MixMonitor on
 * the agent's channel).
 *
 * <p>An AMI Bridge takes the caller out of FastAGI (Asterisk moves the channel into the bridge and
 * the session ends); from then on the call needs nothing from this server: if it dies, Asterisk keeps
 * the two talking. When the agent's leg is taken away by this server (a transfer to a queue) the
 * caller is first sent back into FastAGI ({@code asterisk.contexts.resume}) and the session
 * continues where the IVR wants it. The session can also come back after a restart of this server
 * (the dialplan retries): the same leg serves it again.
 */
final class CallerLeg extends AsteriskLeg {
    private static final Logger log = LoggerFactory.getLogger(CallerLeg.class);
    private static final String ALL_KEYS = "0123456789*#";
    /** How long the FastAGI thread waits for a key at a time before looking for new work. */
    private static final int KEY_SLICE_MILLIS = 300;

    private final AsteriskConfig config;
    private final AsteriskSounds sounds;
    private final String voicemailDir;
    private final String serviceNumber;
    private final DigitCollector digits;
    /** Work for the FastAGI session, done one at a time on its thread. */
    private final LinkedBlockingQueue<AgiWork> work = new LinkedBlockingQueue<>();
    /** A FastAGI session serves this caller now. */
    private volatile boolean inAgi;
    /** A key collection waits: the session listens for keys when it has nothing else to do. */
    private volatile boolean listening;
    /** Incremented when the caller leaves FastAGI for a bridge: the session in flight stops. */
    private volatile long agiEpoch;
    /** Counts sessions: only the latest one's end means the caller is out of FastAGI. */
    private final java.util.concurrent.atomic.AtomicLong sessions = new java.util.concurrent.atomic.AtomicLong();
    // --- on the owner
    private Playback playing;
    private List<String> playSounds;
    private int next;
    private CompletableFuture<PlaybackResult> playDone;
    private long playToken;
    private AgentLeg bridged;
    private boolean held;
    private boolean transferred;
    private boolean returning;
    private RecordingHandle recording;
    private String recordingLocation;
    private long recordingStartNanos;
    String interactionId;
    /** The answering-machine detection or wait for silence in progress (one at a time). */
    private CompletableFuture<?> listeningWork;
    private SilenceWait silenceWait;
    private final ScheduledExecutorService timers;

    CallerLeg(AsteriskTelephony telephony, AmiLink ami, String uniqueId, String channel, CallInfo info, Executor owner,
              ScheduledExecutorService timers, AsteriskConfig config, AsteriskSounds sounds, String voicemailDir,
              String serviceNumber) {
        super(telephony, ami, uniqueId, channel, info, CallState.RINGING, owner);
        this.config = config;
        this.sounds = sounds;
        this.voicemailDir = voicemailDir;
        this.serviceNumber = serviceNumber;
        this.digits = new DigitCollector(owner, timers);
        this.timers = timers;
    }

    // ------------------------------------------------------------------ the FastAGI session

    /**
     * Serves a FastAGI session for this caller until the call ends or leaves FastAGI (a bridge);
     * blocking, on the FastAGI server's thread for this connection.
     */
    void serve(AgiChannel agi) {
        long epoch = agiEpoch;
        long session = sessions.incrementAndGet();
        inAgi = true;
        log.debug("{}: FastAGI session begins", this);
        try {
            agi.setVariable("OPENUCC_TRIES", "0");
            if (interactionId != null) {
                agi.setVariable("OPENUCC_INTERACTION", interactionId);
            }
            execute(this::attached);
            while (state != CallState.ENDED && epoch == agiEpoch && !telephony.stopping()) {
                AgiWork w = work.poll(listening ? 20 : 500, TimeUnit.MILLISECONDS);
                if (w != null) {
                    w.run(agi);
                } else if (listening && state != CallState.ENDED && epoch == agiEpoch) {
                    char d = agi.waitForDigit(KEY_SLICE_MILLIS);
                    if (d != 0) {
                        execute(() -> key(d));
                    }
                }
            }
        } catch (AgiHangupException e) {
            log.debug("{}: FastAGI session ended by Asterisk (hang-up or bridge)", this);
        } catch (AgiException e) {
            log.info("{}: FastAGI session failed: {}", this, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (sessions.get() == session) {
                inAgi = false;
                execute(() -> {
                    if (sessions.get() == session) {
                        detached();
                    }
                });
            }
        }
    }

    /** On the owner: a session (again) serves the caller: what was playing goes on. */
    private void attached() {
        returning = false;
        if (playDone != null && !playDone.isDone()) {
            streamNext();
        }
    }

    /** On the owner: the session is over; what it was doing for the caller waits for the next. */
    private void detached() {
        work.clear();
        if (playDone != null && !playDone.isDone() && state != CallState.ENDED && bridged == null && !held) {
            // A playback in flight starts its current piece again in the next session.
            playToken++;
        }
    }

    /** Something for the FastAGI thread: answers arrive back on the owner. */
    private interface AgiWork {
        void run(AgiChannel agi) throws AgiException;
    }

    private void submit(AgiWork w) {
        work.add(w);
        if (!inAgi && state != CallState.ENDED) {
            backIntoAgi();
        }
    }

    /**
     * The caller is in a bridge or on hold (out of FastAGI) and the IVR wants it: send it back
     * ({@code asterisk.contexts.resume}); the dialplan calls FastAGI again and this leg serves it.
     */
    private void backIntoAgi() {
        execute(this::takeBackIntoAgi);
    }

    /** On the owner: see {@link #backIntoAgi}; completes once Asterisk has moved the caller (or could not). */
    private CompletableFuture<Void> takeBackIntoAgi() {
        if (returning || inAgi || state == CallState.ENDED || (bridged == null && !held)) {
            return CompletableFuture.completedFuture(null); // not out of FastAGI by our doing (after a restart the dialplan brings it back)
        }
        returning = true;
        held = false;
        bridged = null;
        return ami.send(new SetVarAction(uniqueId, "OPENUCC_DONE", ""))
                .thenCompose(r -> ami.send(new RedirectAction(uniqueId, config.contexts().resume(), serviceNumber, 1)))
                .handle((r, err) -> {
                    if (err != null) {
                        log.warn("{}: could not take the caller back into FastAGI: {}", this, err.getMessage());
                    }
                    return null;
                });
    }

    // ------------------------------------------------------------------ CallControl: the IVR's side

    @Override
    public CompletionStage<Void> answer() {
        if (state == CallState.ENDED) {
            return endedFuture(uniqueId);
        }
        if (state != CallState.RINGING) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(agi -> {
            agi.answer();
            execute(() -> {
                if (state == CallState.RINGING) {
                    state = CallState.ANSWERED;
                    emit(new CallEvent.Answered(uniqueId));
                }
                f.complete(null);
            });
        });
        return f;
    }

    @Override
    public CompletionStage<PlaybackResult> play(Playback playback) {
        CompletableFuture<PlaybackResult> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            finishPlayback(PlaybackResult.STOPPED);
            List<String> files = new ArrayList<>();
            try {
                for (Prompt p : playback.prompts()) {
                    if (playback.loop()) {
                        files.addAll(sounds.pieces(p));
                    } else {
                        files.add(sounds.sound(p));
                    }
                }
            } catch (PromptUnavailableException e) {
                f.completeExceptionally(e);
                return;
            }
            if (files.isEmpty()) {
                f.complete(PlaybackResult.COMPLETED);
                return;
            }
            playing = playback;
            playSounds = files;
            next = 0;
            playDone = f;
            playToken++;
            if (held && playback.loop()) {
                return; // on hold the hold context's music plays: this completes when stopped
            }
            streamNext();
        });
        return f;
    }

    /** On the owner: hands the next piece of the playback to the session. */
    private void streamNext() {
        stream(playToken, playSounds.get(next), 0);
    }

    /**
     * Every key is an escape digit, so a key pressed during any prompt is buffered (as on the built-in
     * stack); a prompt without barge-in then goes on from where the key stopped it.
     */
    private void stream(long token, String file, long offset) {
        submit(agi -> {
            AgiReply reply = agi.sendCommand(new StreamFileCommand(file, ALL_KEYS, (int) Math.min(Integer.MAX_VALUE,
                    offset)));
            int result = reply.getResultCode();
            long endpos = parseLong(reply.getAttribute("endpos"));
            execute(() -> streamed(token, file, result, endpos));
        });
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void streamed(long token, String file, int result, long endpos) {
        if (token != playToken || playDone == null || playDone.isDone()) {
            return;
        }
        if (result < 0) {
            CompletableFuture<PlaybackResult> f = playDone;
            playDone = null;
            if (endpos > 0) {
                // Some of it played: the caller hung up (the channel's Hangup event ends the leg).
                f.completeExceptionally(new CallEndedException(uniqueId, EndCause.REMOTE_HANGUP));
                return;
            }
            log.warn("{}: Asterisk could not play {} (is asterisk.soundsDir where Asterisk reads it?)", this, file);
            f.completeExceptionally(new PromptUnavailableException(Prompt.file(file), "Asterisk could not play " + file));
            return;
        }
        if (result > 0) {
            key((char) result);
            if (playing.bargeIn()) {
                finishPlayback(PlaybackResult.INTERRUPTED);
                return;
            }
            if (!playing.loop() && endpos > 0) {
                stream(token, file, endpos); // the rest of the prompt
                return;
            }
        }
        next++;
        if (next >= playSounds.size()) {
            if (!playing.loop()) {
                finishPlayback(PlaybackResult.COMPLETED);
                return;
            }
            next = 0;
        }
        streamNext();
    }

    private void finishPlayback(PlaybackResult result) {
        CompletableFuture<PlaybackResult> f = playDone;
        playDone = null;
        playing = null;
        playToken++;
        if (f != null && !f.isDone()) {
            f.complete(result);
        }
    }

    @Override
    public void stopPlayback() {
        execute(() -> finishPlayback(PlaybackResult.STOPPED));
    }

    private void key(char d) {
        digits.digit(d);
        listening = digits.waiting();
    }

    @Override
    public CompletionStage<DigitResult> collectDigits(DigitRequest request) {
        CompletableFuture<DigitResult> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            CompletableFuture<DigitResult> c = digits.collect(request);
            listening = digits.waiting();
            if (listening && !inAgi) {
                submit(agi -> { }); // bring the caller back into FastAGI to listen
            }
            c.whenComplete((r, err) -> {
                listening = digits.waiting();
                if (err != null) {
                    f.completeExceptionally(err);
                } else {
                    f.complete(r);
                }
            });
        });
        return f;
    }

    @Override
    public void flushDigits() {
        execute(digits::flush);
    }

    @Override
    public CompletionStage<Recording> record(RecordRequest request) {
        CompletableFuture<Recording> f = new CompletableFuture<>();
        String file = voicemailDir + "/" + request.recording().id();
        long maxMillis = request.maxLength().toMillis();
        int silence = request.silenceEnd() == null ? 0 : (int) Math.max(1, request.silenceEnd().toSeconds());
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            String beep;
            try {
                beep = request.beep() ? sounds.beep() : null;
            } catch (PromptUnavailableException e) {
                f.completeExceptionally(e);
                return;
            }
            submit(agi -> {
                if (beep != null) {
                    agi.sendCommand(new StreamFileCommand(beep, ""));
                }
                long begin = System.nanoTime();
                try {
                    AgiReply reply = agi.sendCommand(new RecordFileCommand(file, "wav", "#",
                            (int) Math.min(Integer.MAX_VALUE, maxMillis), 0, false, silence));
                    if (reply.getResultCode() < 0 && !String.valueOf(reply.getFirstLine()).contains("hangup")) {
                        f.completeExceptionally(new IllegalStateException("Asterisk could not record " + file
                                + ".wav (is the voicemail directory writable by Asterisk?)"));
                        return;
                    }
                } catch (AgiHangupException e) {
                    // Hanging up ends a message as '#' does: what was said is in the file, and is kept.
                    f.complete(new Recording(request.recording(), file + ".wav",
                            Duration.ofNanos(System.nanoTime() - begin).toMillis()));
                    throw e;
                }
                long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
                f.complete(new Recording(request.recording(), file + ".wav", millis));
            });
        });
        return f;
    }

    // ------------------------------------------------------------------ answering-machine detection

    /**
     * Asterisk's AMD() over FastAGI ({@code EXEC AMD} with the settings as its arguments, then AMDSTATUS
     * and AMDCAUSE); with {@code sampleAs}, MixMonitor records what was judged. Needs app_amd on Asterisk:
     * without it the stage fails with {@link NotSupportedException} naming the module.
     */
    @Override
    public CompletionStage<AmdResult> detectAnsweringMachine(AmdSettings settings, RecordingHandle sampleAs) {
        CompletableFuture<AmdResult> f = new CompletableFuture<>();
        String args = amdArguments(settings);
        execute(() -> {
            if (!startListening(f, "answering-machine detection")) {
                return;
            }
            String sample = sampleAs == null ? null : telephony.recordingLocation(sampleAs);
            submit(agi -> {
                if (f.isDone()) {
                    return;
                }
                try {
                    if (sample != null && agi.exec("MixMonitor", sample) < 0) {
                        log.warn("{}: MixMonitor did not start for the detection sample {}", this, sample);
                    }
                    long begin = System.nanoTime();
                    int rc = agi.exec("AMD", args);
                    long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
                    if (sample != null) {
                        agi.exec("StopMixMonitor");
                    }
                    if (rc == -2) {
                        f.completeExceptionally(new NotSupportedException("call " + uniqueId + ": Asterisk "
                                + ami.name() + " has no AMD() application (load app_amd.so) for answering-machine"
                                + " detection"));
                        return;
                    }
                    String status = String.valueOf(agi.getVariable("AMDSTATUS"));
                    String cause = String.valueOf(agi.getVariable("AMDCAUSE"));
                    execute(() -> detected(f, status, cause, millis, sampleAs, sample));
                } catch (AgiHangupException e) {
                    f.completeExceptionally(new CallEndedException(uniqueId, EndCause.REMOTE_HANGUP,
                            "hung up during answering-machine detection"));
                    throw e;
                }
            });
        });
        return f;
    }

    /** On the owner: AMD() is done. */
    private void detected(CompletableFuture<AmdResult> f, String status, String cause, long millis,
                          RecordingHandle sampleAs, String sample) {
        if (sample != null) {
            emit(new CallEvent.RecordingAvailable(uniqueId, sampleAs, sample, millis));
        }
        AmdResult.Verdict verdict = switch (status) {
            case "MACHINE" -> AmdResult.Verdict.MACHINE;
            case "HUMAN" -> AmdResult.Verdict.HUMAN;
            case "NOTSURE" -> AmdResult.Verdict.NOTSURE;
            default -> null;
        };
        if ("HANGUP".equals(status) || state == CallState.ENDED) {
            f.completeExceptionally(new CallEndedException(uniqueId, EndCause.REMOTE_HANGUP,
                    "hung up during answering-machine detection"));
        } else if (verdict == null) {
            f.completeExceptionally(new IllegalStateException("call " + uniqueId + ": Asterisk's AMD() answered"
                    + " AMDSTATUS '" + status + "' (AMDCAUSE '" + cause + "')"));
        } else {
            log.info("{}: AMD() says {} ({}) after {} ms", this, verdict, cause, millis);
            f.complete(new AmdResult(verdict, cause == null || "null".equals(cause) ? "" : cause, millis));
        }
    }

    /** AMD()'s arguments, in its order (times in ms). */
    static String amdArguments(AmdSettings s) {
        return String.join(",", List.of(ms(s.initialSilence()), ms(s.greeting()), ms(s.afterGreetingSilence()),
                ms(s.totalAnalysisTime()), ms(s.minimumWordLength()), ms(s.betweenWordsSilence()),
                String.valueOf(s.maximumNumberOfWords()), String.valueOf(s.silenceThreshold()),
                ms(s.maximumWordLength())));
    }

    private static String ms(Duration d) {
        return String.valueOf(d.toMillis());
    }

    /**
     * Silence judged by Asterisk's talk detection ({@code TALK_DETECT()}, func_talkdetect, set over AMI
     * with {@code silence} as its silence time and {@link AmdSettings#defaults()}'s level): its
     * ChannelTalkingStop event means the called party has been quiet for {@code silence}; without any
     * ChannelTalkingStart within {@code silence} of the start, they were quiet all along. (WaitForSilence()
     * would do the same inside the dialplan, but app_waitforsilence is not in every build.)
     */
    @Override
    public CompletionStage<Boolean> awaitSilence(Duration silence, Duration timeout) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        if (silence == null || timeout == null || silence.isNegative() || silence.isZero() || timeout.isNegative()) {
            f.completeExceptionally(new IllegalArgumentException("call " + uniqueId
                    + ": waiting for silence needs a positive silence and a timeout"));
            return f;
        }
        execute(() -> {
            if (!startListening(f, "waiting for silence")) {
                return;
            }
            SilenceWait w = new SilenceWait(f);
            silenceWait = w;
            String value = silence.toMillis() + "," + AmdSettings.defaults().silenceThreshold();
            ami.send(new SetVarAction(uniqueId, "TALK_DETECT(set)", value)).whenComplete((r, err) -> execute(() -> {
                if (silenceWait != w) {
                    return;
                }
                if (err != null) {
                    silenceWait = null;
                    f.completeExceptionally(new NotSupportedException("call " + uniqueId + ": Asterisk " + ami.name()
                            + " could not start talk detection (TALK_DETECT(), func_talkdetect.so): "
                            + err.getMessage()));
                    return;
                }
                w.quiet = timers.schedule(() -> execute(() -> {
                    if (silenceWait == w && !w.talking) {
                        silenceOver(w, true);
                    }
                }), silence.toMillis(), TimeUnit.MILLISECONDS);
                w.timeout = timers.schedule(() -> execute(() -> silenceOver(w, false)), timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
            }));
        });
        return f;
    }

    /** A wait for silence in progress (on the owner). */
    private static final class SilenceWait {
        final CompletableFuture<Boolean> result;
        boolean talking;
        java.util.concurrent.ScheduledFuture<?> quiet;
        java.util.concurrent.ScheduledFuture<?> timeout;

        SilenceWait(CompletableFuture<Boolean> result) {
            this.result = result;
        }

        void cancelTimers() {
            if (quiet != null) {
                quiet.cancel(false);
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    /** ChannelTalkingStart / ChannelTalkingStop of this channel (AMI). */
    void talking(boolean started) {
        execute(() -> {
            SilenceWait w = silenceWait;
            if (w == null) {
                return;
            }
            if (started) {
                w.talking = true;
                if (w.quiet != null) {
                    w.quiet.cancel(false);
                }
            } else {
                silenceOver(w, true);
            }
        });
    }

    /** On the owner: the wait is over; talk detection comes off the channel. */
    private void silenceOver(SilenceWait w, boolean silent) {
        if (silenceWait != w) {
            return;
        }
        silenceWait = null;
        w.cancelTimers();
        if (state != CallState.ENDED) {
            ami.send(new SetVarAction(uniqueId, "TALK_DETECT(remove)", "")).whenComplete((r, err) -> {
                if (err != null) {
                    log.debug("{}: TALK_DETECT(remove): {}", this, err.getMessage());
                }
            });
        }
        w.result.complete(silent);
    }

    /** On the owner: whether listening work may start now (the call is up, in FastAGI's reach, nothing else listens). */
    private boolean startListening(CompletableFuture<?> f, String what) {
        if (failedAsEnded(f)) {
            return false;
        }
        if (listeningWork != null && !listeningWork.isDone()) {
            f.completeExceptionally(new IllegalStateException("call " + uniqueId + ": " + what
                    + " while answering-machine detection or a wait for silence runs: one at a time"));
            return false;
        }
        if (bridged != null || held) {
            f.completeExceptionally(new IllegalStateException("call " + uniqueId + ": " + what
                    + " is for a call not (yet) talking to an agent"));
            return false;
        }
        listeningWork = f;
        return true;
    }

    @Override
    public void belongsTo(String interaction) {
        execute(() -> {
            interactionId = interaction;
            ami.send(new SetVarAction(uniqueId, "OPENUCC_INTERACTION", interaction)).whenComplete((r, err) -> {
                if (err != null) {
                    log.info("{}: could not note interaction {} on the channel: {}", this, interaction, err.getMessage());
                }
            });
        });
    }

    // ------------------------------------------------------------------ CallControl: the agent console's side

    @Override
    public CompletionStage<Void> bridge(CallControl other, RecordingHandle recordAs) {
        if (!(other instanceof AgentLeg agent)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(other + " is not a call of this Asterisk"));
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            if (agent.ami != ami) {
                f.completeExceptionally(new IllegalStateException("the agent's device is on " + agent.ami.name()
                        + ", the caller on " + ami.name() + ": Asterisk cannot bridge them"));
                return;
            }
            finishPlayback(PlaybackResult.STOPPED);
            bridged = agent;
            agent.partner = this;
            held = false;
            ami.send(new SetVarAction(uniqueId, "OPENUCC_DONE", "1"))
                    .thenCompose(r -> ami.send(new BridgeAction(uniqueId, agent.uniqueId, false)))
                    .whenComplete((r, err) -> execute(() -> {
                        if (err != null) {
                            if (bridged == agent) {
                                bridged = null;
                            }
                            f.completeExceptionally(err);
                            return;
                        }
                        agiEpoch++; // the caller left FastAGI: the session ends
                        work.add(agi -> { });
                        if (state == CallState.RINGING) {
                            state = CallState.ANSWERED; // Bridge answers the channel
                        }
                        if (recordAs != null && recording == null) {
                            startRecording(agent, recordAs);
                        }
                        f.complete(null);
                    }));
        });
        return f;
    }

    private void startRecording(AgentLeg agent, RecordingHandle handle) {
        String location = telephony.recordingLocation(handle);
        agent.record(location).whenComplete((r, err) -> execute(() -> {
            if (err != null) {
                log.warn("{}: MixMonitor did not start: {}", this, err.getMessage());
                return;
            }
            recording = handle;
            recordingLocation = location;
            recordingStartNanos = System.nanoTime();
        }));
    }

    /** On the owner: the agent's leg that carried the recording ended, so did the recording. */
    void agentLegEnded(AgentLeg agent) {
        if (bridged == agent && !held) {
            bridged = null;
        }
        if (recording != null) {
            long millis = Duration.ofNanos(System.nanoTime() - recordingStartNanos).toMillis();
            RecordingHandle handle = recording;
            String location = recordingLocation;
            recording = null;
            emit(new CallEvent.RecordingAvailable(uniqueId, handle, location, millis));
        }
    }

    /**
     * On the owner: this server takes the agent's leg away while the caller stays (a transfer to a
     * queue): the caller goes back into FastAGI first, so the bridge ending does not hang it up.
     */
    CompletableFuture<Void> agentTakenAway(AgentLeg agent) {
        if (state != CallState.ENDED && !hangingUp && !transferred && (bridged == agent || held)) {
            return takeBackIntoAgi();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Monitoring: the supervisor's answered phone (a leg this adapter rang, on this Asterisk) spies on the
     * agent's channel with ChanSpy in {@code mode}; called again, it restarts ChanSpy in the new mode (see
     * {@link ChanSpy}). Ending is hanging up the supervisor's leg.
     */
    @Override
    public CompletionStage<Void> monitor(CallControl supervisor, org.openucc.telephony.MonitorMode mode) {
        if (!(supervisor instanceof AgentLeg spy) || spy.partner != null || spy.ami != ami) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("call " + uniqueId + " on Asterisk "
                    + ami.name() + " can only be monitored from a supervisor's phone rung on the same Asterisk, not "
                    + supervisor));
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            AgentLeg agent = bridged;
            if (agent == null || agent.state == CallState.ENDED || spy.state == CallState.ENDED) {
                f.completeExceptionally(new IllegalStateException("monitoring needs the caller " + uniqueId
                        + " talking to an agent and the supervisor's phone answered"));
                return;
            }
            ChanSpy.spy(ami, config, spy, agent, mode).whenComplete((v, err) -> {
                if (err != null) {
                    f.completeExceptionally(err);
                } else {
                    log.info("{}: supervisor's channel {} spies on {} in {}", this, spy.uniqueId, agent.uniqueId, mode);
                    f.complete(null);
                }
            });
        });
        return f;
    }

    @Override
    public CompletionStage<Void> hold() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            AgentLeg agent = bridged;
            if (agent == null) {
                f.completeExceptionally(new IllegalStateException("the caller is not talking to an agent"));
                return;
            }
            RedirectAction r = new RedirectAction(uniqueId, config.contexts().hold(), "s", 1);
            r.setExtraChannel(agent.uniqueId);
            r.setExtraContext(config.contexts().agentHold());
            r.setExtraExten("s");
            r.setExtraPriority(1);
            ami.send(r).whenComplete((ok, err) -> execute(() -> {
                if (err != null) {
                    f.completeExceptionally(err);
                } else {
                    held = true;
                    state = CallState.HELD;
                    f.complete(null);
                }
            }));
        });
        return f;
    }

    @Override
    public CompletionStage<Void> resume() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            AgentLeg agent = bridged;
            if (!held || agent == null) {
                f.completeExceptionally(new IllegalStateException("the call is not on hold"));
                return;
            }
            if (agent.hangingUp || agent.state == CallState.ENDED) {
                // The agent's leg is going (e.g. a transfer to a queue): bridging with it would leave the
                // caller in the hold context's hang-up when it goes; the caller goes back into FastAGI instead.
                f.completeExceptionally(new IllegalStateException("the agent's leg is gone"));
                return;
            }
            finishPlayback(PlaybackResult.STOPPED);
            ami.send(new BridgeAction(uniqueId, agent.uniqueId, false)).whenComplete((ok, err) -> execute(() -> {
                if (err != null) {
                    f.completeExceptionally(err);
                } else {
                    held = false;
                    state = CallState.ANSWERED;
                    f.complete(null);
                }
            }));
        });
        return f;
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        if (destination == null || !destination.matches("\\+?[0-9*#]{1,32}")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Asterisk transfers go to numbers"
                    + " (dialled in context " + config.contexts().transfer() + "), not to '" + destination + "'"));
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        execute(() -> {
            if (failedAsEnded(f)) {
                return;
            }
            transferred = true;
            ami.send(new RedirectAction(uniqueId, config.contexts().transfer(), destination, 1))
                    .whenComplete((ok, err) -> execute(() -> {
                        if (err != null) {
                            transferred = false;
                            f.completeExceptionally(err);
                        } else {
                            f.complete(null);
                        }
                    }));
        });
        return f;
    }

    @Override
    public CompletionStage<Void> hangup(String reason) {
        if (transferred) {
            // The caller was handed to the transfer destination: only this server's side of it ends.
            CompletableFuture<Void> done = new CompletableFuture<>();
            execute(() -> {
                if (state != CallState.ENDED) {
                    state = CallState.ENDED;
                    ended(EndCause.LOCAL_HANGUP, reason);
                }
                done.complete(null);
            });
            return done;
        }
        return hangupChannel(reason);
    }

    @Override
    void ended(EndCause cause, String detail) {
        agiEpoch++;
        work.clear();
        work.add(agi -> { });
        finishPlayback(PlaybackResult.STOPPED);
        digits.cancel(new CallEndedException(uniqueId, cause));
        listening = false;
        if (silenceWait != null) {
            silenceWait.cancelTimers();
            silenceWait = null;
        }
        if (listeningWork != null) {
            listeningWork.completeExceptionally(new CallEndedException(uniqueId, cause, detail));
        }
        AgentLeg agent = bridged;
        if (agent != null && recording != null && agent.state == CallState.ENDED) {
            agentLegEnded(agent);
        }
        super.ended(cause, detail);
    }

    /** On the owner: fails {@code f} if the call has ended (the caller hung up). */
    private boolean failedAsEnded(CompletableFuture<?> f) {
        if (state == CallState.ENDED) {
            f.completeExceptionally(new CallEndedException(uniqueId, EndCause.REMOTE_HANGUP));
            return true;
        }
        return false;
    }

    boolean inAgi() {
        return inAgi;
    }

    /** Restored after a restart of this server: talking to {@code agent} in a bridge Asterisk kept. */
    void reattached(AgentLeg agent, boolean onHold) {
        execute(() -> {
            bridged = agent;
            agent.partner = this;
            held = onHold;
            state = onHold ? CallState.HELD : CallState.ANSWERED;
        });
    }
}
