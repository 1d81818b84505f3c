package org.openucc.ivr;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallListener;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.DigitResult;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.RecordingFiles;

/**
 * A call leg in memory, driven by a script of what the caller does: press keys, stay silent (the
 * pending digit request times out), hang up, or let the test act (advance timers, answer as an
 * agent). Script steps are applied only while the IVR waits for input, so a run is deterministic.
 * Prompts played are resolved like the built-in stack does ({@link PromptFiles}, fallback {@code en}) and
 * recorded as the file heard, {@code language/name} (e.g. {@code en/main-menu}); voicemail goes where
 * the built-in stack would put it ({@link RecordingFiles}).
 */
final class SimulatedCall implements CallControl {
    private final String callId;
    private final CallInfo info;
    private final Path promptsDir;
    private final PromptFiles catalog;
    private final RecordingFiles recordingFiles;
    private final Deque<Runnable> script = new ArrayDeque<>();
    private final StringBuilder buffer = new StringBuilder();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<String> interrupted = new CopyOnWriteArrayList<>();
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> transfers = new ArrayList<>();
    private final List<RecordRequest> recordings = new ArrayList<>();
    private CallState state = CallState.RINGING;
    private DigitRequest pendingRequest;
    private CompletableFuture<DigitResult> pending;
    private final StringBuilder collected = new StringBuilder();
    private CompletableFuture<PlaybackResult> loop;
    private long recordingMillis = 4200;

    SimulatedCall(String callId, String from, String to, Path promptsDir, Path voicemailDir) {
        this.callId = callId;
        this.info = new CallInfo(from, to, null, CallInfo.Direction.INBOUND, Map.of());
        this.catalog = new PromptFiles(promptsDir, "en");
        this.promptsDir = catalog.dir();
        this.recordingFiles = new RecordingFiles(voicemailDir, voicemailDir);
    }

    // ------------------------------------------------------------------ script

    SimulatedCall press(String digits) {
        script.add(() -> {
            buffer.append(digits);
            drainBuffer();
        });
        return this;
    }

    /** Keys pressed before the IVR asks (during a prompt): they sit in the DTMF buffer. */
    synchronized SimulatedCall typeAhead(String digits) {
        buffer.append(digits);
        return this;
    }

    /** The pending digit request times out with what was typed so far. */
    SimulatedCall silence() {
        script.add(() -> {
            if (pending != null) {
                finish(DigitResult.Outcome.TIMEOUT);
            }
        });
        return this;
    }

    SimulatedCall hangUp() {
        script.add(() -> end(EndCause.REMOTE_HANGUP));
        return this;
    }

    /** Something else happens while the caller waits (timers advance, an agent answers). */
    SimulatedCall then(Runnable action) {
        script.add(action);
        return this;
    }

    SimulatedCall recordingLasts(long millis) {
        this.recordingMillis = millis;
        return this;
    }

    /**
     * Applies the script while the IVR waits for the caller. With a direct executor the IVR runs
     * until it waits again inside each step; with real threads it is awaited.
     */
    void drive() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (script.isEmpty() || state == CallState.ENDED) {
                    return;
                }
            }
            if (!waitingForCaller()) { // only when the IVR runs on other threads (e.g. an HTTP answer)
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                        .until(this::waitingForCaller);
            }
            synchronized (this) {
                if (state == CallState.ENDED) {
                    return;
                }
                next = script.poll();
            }
            next.run();
        }
    }

    synchronized boolean waitingForCaller() {
        return pending != null || state == CallState.ENDED;
    }

    // ------------------------------------------------------------------ what happened

    List<String> heard() {
        return List.copyOf(heard);
    }

    /** Prompts that a digit interrupted (barge-in). */
    List<String> interrupted() {
        return List.copyOf(interrupted);
    }

    synchronized List<String> transfers() {
        return List.copyOf(transfers);
    }

    synchronized List<RecordRequest> recordings() {
        return List.copyOf(recordings);
    }

    synchronized boolean musicPlaying() {
        return loop != null && !loop.isDone();
    }

    // ------------------------------------------------------------------ CallControl

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public CallInfo info() {
        return info;
    }

    @Override
    public synchronized CallState state() {
        return state;
    }

    @Override
    public synchronized CompletionStage<Void> answer() {
        if (state == CallState.ENDED) {
            return ended();
        }
        state = CallState.ANSWERED;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<PlaybackResult> play(Playback playback) {
        if (state == CallState.ENDED) {
            return ended();
        }
        stopLoop();
        for (int i = 0; i < playback.prompts().size(); i++) {
            String name = name(playback.prompts().get(i));
            heard.add(name);
            if (playback.bargeIn() && buffer.length() > 0) {
                interrupted.add(name);
                return CompletableFuture.completedFuture(PlaybackResult.INTERRUPTED);
            }
        }
        if (playback.loop()) {
            loop = new CompletableFuture<>();
            return loop;
        }
        return CompletableFuture.completedFuture(PlaybackResult.COMPLETED);
    }

    private String name(Prompt prompt) {
        Path file = catalog.file(prompt);
        String rel = promptsDir.relativize(file).toString().replace('\\', '/');
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("the IVR played a prompt that does not exist: " + file);
        }
        return rel.endsWith(".wav") ? rel.substring(0, rel.length() - 4) : rel;
    }

    @Override
    public synchronized void stopPlayback() {
        stopLoop();
    }

    private void stopLoop() {
        if (loop != null) {
            CompletableFuture<PlaybackResult> l = loop;
            loop = null;
            l.complete(PlaybackResult.STOPPED);
        }
    }

    @Override
    public synchronized CompletionStage<DigitResult> collectDigits(DigitRequest request) {
        if (state == CallState.ENDED) {
            return ended();
        }
        if (pending != null) {
            finish(DigitResult.Outcome.TIMEOUT); // a new request replaces the old, as on the real stacks
        }
        pendingRequest = request;
        pending = new CompletableFuture<>();
        collected.setLength(0);
        CompletableFuture<DigitResult> mine = pending;
        drainBuffer();
        return mine;
    }

    private void drainBuffer() {
        while (pending != null && buffer.length() > 0) {
            char d = buffer.charAt(0);
            buffer.deleteCharAt(0);
            if (pendingRequest.terminator() != null && d == pendingRequest.terminator()) {
                finish(DigitResult.Outcome.TERMINATED);
                return;
            }
            collected.append(d);
            if (collected.length() >= pendingRequest.maxDigits()) {
                finish(DigitResult.Outcome.MAX_DIGITS);
            }
        }
    }

    private void finish(DigitResult.Outcome outcome) {
        CompletableFuture<DigitResult> p = pending;
        pending = null;
        p.complete(new DigitResult(collected.toString(), outcome));
    }

    @Override
    public synchronized void flushDigits() {
        buffer.setLength(0);
    }

    @Override
    public CompletionStage<Void> bridge(CallControl other, RecordingHandle recordAs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no bridging in the IVR"));
    }

    @Override
    public CompletionStage<Void> hold() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("hold"));
    }

    @Override
    public CompletionStage<Void> resume() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("resume"));
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        synchronized (this) {
            if (state == CallState.ENDED) {
                return ended();
            }
            transfers.add(destination);
        }
        end(EndCause.LOCAL_HANGUP);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Recording> record(RecordRequest request) {
        if (state == CallState.ENDED) {
            return ended();
        }
        recordings.add(request);
        Path file = recordingFiles.voicemail(request.recording());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {'R', 'I', 'F', 'F'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CompletableFuture.completedFuture(new Recording(request.recording(), file.toString(), recordingMillis));
    }

    @Override
    public CompletionStage<Void> sendDtmf(String digits) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> hangup(String reason) {
        end(EndCause.LOCAL_HANGUP);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addListener(CallListener listener) {
        listeners.add(listener);
    }

    private void end(EndCause cause) {
        CompletableFuture<DigitResult> p;
        CompletableFuture<PlaybackResult> l;
        synchronized (this) {
            if (state == CallState.ENDED) {
                return;
            }
            state = CallState.ENDED;
            p = pending;
            pending = null;
            l = loop;
            loop = null;
        }
        if (p != null) {
            p.completeExceptionally(new CallEndedException(callId, cause));
        }
        if (l != null) {
            l.completeExceptionally(new CallEndedException(callId, cause));
        }
        listeners.forEach(x -> x.onEvent(new CallEvent.Ended(callId, cause, "simulated")));
    }

    private <T> CompletionStage<T> ended() {
        return CompletableFuture.failedFuture(new CallEndedException(callId, EndCause.REMOTE_HANGUP));
    }
}
