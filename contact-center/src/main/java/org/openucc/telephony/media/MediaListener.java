package org.openucc.telephony.media;

import org.openucc.telephony.AmdResult;
import org.openucc.telephony.PlaybackResult;

/** What an {@link RtpSession} tells its call; called on the session's event loop, so hand off at once. */
public interface MediaListener {
    void onDtmf(char digit);

    void onPlaybackEnded(long playbackId, PlaybackResult result);

    /** A voicemail recording stopped (max length, silence, or stopped); {@code error} null if the file is fine. */
    void onRecordingEnded(long recordingId, long durationMillis, Throwable error);

    /** Answering-machine detection reached its verdict. */
    void onMachineDetected(long detectionId, AmdResult result);

    /** The far end was silent long enough ({@code heard}), or the wait for it timed out. */
    void onSilence(long waitId, boolean heard);
}
