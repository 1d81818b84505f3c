package org.openucc.telephony.sip;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media side of one {@link SipCallLeg}: pending playbacks, a voicemail recording, and the bridge
 * to another leg with its stereo recording. Used only on the leg's owner; the RTP session does the
 * work on its event loop and reports back through the leg.
 */
final class LegMedia {
    private static final Logger log = LoggerFactory.getLogger(LegMedia.class);

    private final SipCallLeg leg;
    private final Map<Long, CompletableFuture<PlaybackResult>> playbacks = new HashMap<>();
    private long playbackSeq;
    private CompletableFuture<Recording> voicemail;
    private RecordingHandle voicemailHandle;
    private Path voicemailFile;
    private long voicemailId;
    private SipCallLeg bridgedTo;
    private org.openucc.telephony.media.WavRecorder recorder;
    private RecordingHandle recorderHandle;
    private CompletableFuture<AmdResult> detection;
    private long detectionId;
    private org.openucc.telephony.media.WavRecorder detectionSample;
    private RecordingHandle detectionSampleHandle;
    private CompletableFuture<Boolean> silenceWait;
    private long silenceWaitId;
    /** A supervisor joined to this leg's bridge (this leg is the customer's), and their mix. */
    private SipCallLeg monitorLeg;
    private org.openucc.telephony.media.MonitorMix monitor;

    LegMedia(SipCallLeg leg) {
        this.leg = leg;
    }

    void play(List<short[]> audio, Playback playback, CompletableFuture<PlaybackResult> done) {
        long id = ++playbackSeq;
        playbacks.put(id, done);
        leg.rtp.play(id, audio, playback.loop(), playback.bargeIn());
    }

    void playbackEnded(long playbackId, PlaybackResult result) {
        CompletableFuture<PlaybackResult> f = playbacks.remove(playbackId);
        if (f != null) {
            f.complete(result);
        }
    }

    /** Voicemail: an optional beep, then the caller's audio until max length, silence, '#' or hang-up. */
    void record(RecordRequest request, CompletableFuture<Recording> done) {
        Path file = leg.sip.recordings.voicemail(request.recording());
        voicemail = done;
        voicemailHandle = request.recording();
        voicemailFile = file;
        long id = ++voicemailId;
        Runnable start = () -> {
            if (voicemail == done && voicemailId == id) {
                leg.rtp.record(id, leg.sip.media.recorder(file, 1), request.maxLength().toMillis(),
                        request.silenceEnd() == null ? 0 : request.silenceEnd().toMillis());
            }
        };
        if (request.beep()) {
            CompletableFuture<PlaybackResult> beep = new CompletableFuture<>();
            beep.whenComplete((r, e) -> leg.run(start));
            play(List.of(Beep.SAMPLES), Playback.of(), beep);
        } else {
            start.run();
        }
    }

    boolean recording() {
        return voicemail != null;
    }

    void recordingEnded(long recordingId, long durationMillis, Throwable error) {
        CompletableFuture<Recording> f = voicemail;
        if (f == null || recordingId != voicemailId) {
            return;
        }
        voicemail = null;
        if (error != null) {
            f.completeExceptionally(error);
        } else {
            f.complete(new Recording(voicemailHandle, voicemailFile.toString(), durationMillis));
        }
    }

    /** Answering-machine detection on what the called party sends; one at a time. */
    void detectMachine(AmdSettings settings, RecordingHandle sampleAs, CompletableFuture<AmdResult> done) {
        if (detection != null) {
            throw new IllegalStateException("call " + leg.callId() + " is already detecting an answering machine");
        }
        detection = done;
        detectionSampleHandle = sampleAs;
        detectionSample = sampleAs == null ? null : leg.sip.media.recorder(leg.sip.recordings.call(sampleAs), 1);
        leg.rtp.detectAnsweringMachine(++detectionId, settings, detectionSample);
    }

    /** Every verdict is logged (with the call id in the MDC), so detections can be sampled and checked. */
    void machineDetected(long id, AmdResult result) {
        CompletableFuture<AmdResult> f = detection;
        if (f == null || id != detectionId) {
            return;
        }
        detection = null;
        log.info("call {} to {}: answering-machine detection {}{}", leg.callId(), leg.info().to(), result,
                detectionSample == null ? "" : ", sample " + detectionSample.file());
        closeDetectionSample();
        f.complete(result);
    }

    private void closeDetectionSample() {
        org.openucc.telephony.media.WavRecorder r = detectionSample;
        RecordingHandle handle = detectionSampleHandle;
        detectionSample = null;
        detectionSampleHandle = null;
        if (r != null) {
            closed(r, handle);
        }
    }

    void awaitSilence(Duration silence, Duration timeout, CompletableFuture<Boolean> done) {
        if (silenceWait != null) {
            throw new IllegalStateException("call " + leg.callId() + " is already waiting for silence");
        }
        silenceWait = done;
        leg.rtp.awaitSilence(++silenceWaitId, AmdSettings.defaults().silenceThreshold(), silence.toMillis(),
                timeout.toMillis());
    }

    void silenceHeard(long id, boolean heard) {
        CompletableFuture<Boolean> f = silenceWait;
        if (f == null || id != silenceWaitId) {
            return;
        }
        silenceWait = null;
        log.debug("call {}: {}", leg.callId(), heard ? "silence heard" : "no silence before the timeout");
        f.complete(heard);
    }

    /** Relays media both ways through the server; this leg is the caller (left channel) of the recording. */
    void bridge(SipCallLeg peer, RecordingHandle recordAs) {
        Path recordTo = recordAs == null ? null : leg.sip.recordings.call(recordAs);
        org.openucc.telephony.media.WavRecorder rec = recordTo == null ? null : leg.sip.media.recorder(recordTo, 2);
        closeRecorder();
        recorder = rec;
        recorderHandle = recordAs;
        bridgedTo = peer;
        leg.rtp.bridge(peer.rtp, rec, 0);
        peer.rtp.bridge(leg.rtp, rec, 1);
        peer.run(() -> peer.media.bridgedTo = leg);
        log.debug("bridged {} with {}{}", leg.callId(), peer.callId(), rec == null ? "" : ", recording to " + recordTo);
    }

    /** Joins the supervisor's leg to this leg's bridge, or changes its mode; one supervisor at a time. */
    void monitor(SipCallLeg supervisor, org.openucc.telephony.MonitorMode mode) {
        if (bridgedTo == null || bridgedTo.rtp == null) {
            throw new IllegalStateException("call " + leg.callId() + " is not bridged to an agent: nothing to monitor");
        }
        if (monitor != null && monitorLeg == supervisor) {
            monitor.mode(mode);
        } else if (monitor != null) {
            throw new IllegalStateException("call " + leg.callId() + " is monitored from call " + monitorLeg.callId()
                    + " already");
        } else {
            monitor = leg.rtp.monitor(bridgedTo.rtp, supervisor.rtp, mode);
            monitorLeg = supervisor;
        }
        log.debug("call {}: supervisor call {} joins in {}", leg.callId(), supervisor.callId(), mode);
    }

    void stopMonitor(SipCallLeg supervisor) {
        if (monitorLeg == supervisor) {
            stopMonitor();
        }
    }

    private void stopMonitor() {
        if (monitor != null) {
            monitor.stop();
            log.debug("call {}: supervisor call {} left", leg.callId(), monitorLeg.callId());
            monitor = null;
            monitorLeg = null;
        }
    }

    /** The leg ended: finish what is pending, release the peer, close the recording. */
    void end() {
        playbacks.values().forEach(p -> p.complete(PlaybackResult.STOPPED));
        playbacks.clear();
        if (detection != null) {
            log.info("call {} to {}: answering-machine detection ended by the end of the call", leg.callId(),
                    leg.info().to());
            detection.completeExceptionally(leg.ended());
            detection = null;
            closeDetectionSample();
        }
        if (silenceWait != null) {
            silenceWait.completeExceptionally(leg.ended());
            silenceWait = null;
        }
        if (voicemail != null && leg.rtp != null) {
            leg.rtp.stopRecording(); // completes the recording with what was said before the hang-up
        }
        stopMonitor();
        SipCallLeg peer = bridgedTo;
        bridgedTo = null;
        if (peer != null) {
            peer.rtp.unbridge();
            peer.run(() -> peer.media.peerEnded(leg));
        }
        closeRecorder();
    }

    private void peerEnded(SipCallLeg peer) {
        if (bridgedTo == peer) {
            stopMonitor();
            bridgedTo = null;
            if (leg.rtp != null) {
                leg.rtp.unbridge();
            }
            closeRecorder();
        }
    }

    private void closeRecorder() {
        org.openucc.telephony.media.WavRecorder r = recorder;
        RecordingHandle handle = recorderHandle;
        recorder = null;
        recorderHandle = null;
        if (r != null) {
            closed(r, handle);
        }
    }

    /** Closes a recording and tells the leg's listeners where it is once the file is complete. */
    private void closed(org.openucc.telephony.media.WavRecorder r, RecordingHandle handle) {
        r.close();
        r.done().whenComplete((millis, err) -> {
            if (err != null) {
                log.error("call {}: recording {} failed", leg.callId(), r.file(), err);
            } else {
                leg.emit(new CallEvent.RecordingAvailable(leg.callId(), handle, r.file().toString(), millis));
            }
        });
    }
}
