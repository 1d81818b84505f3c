/**
 * RTP media for the built-in telephony on Netty UDP (the Netty that Vert.x brings): G.711 µ-law /
 * A-law, SDP offer/answer, prompts paced at 20 ms against an absolute clock, RFC 4733 DTMF, symmetric
 * RTP, B2BUA relay with SSRC / sequence / timestamp rewriting and transcoding, and WAV recording
 * (bridged calls in stereo: caller left, agent right; voicemail mono). {@link PromptFiles} and
 * {@link RecordingFiles} are the built-in stack's catalog from the port's prompt and recording names
 * to files.
 */
package org.openucc.telephony.media;
