/**
 * The built-in telephony adapter: a SIP registrar for agents' phones and a back-to-back user agent
 * on jain-sip (Jitsi's fork of the NIST RI), implementing the {@link org.openucc.telephony.Telephony}
 * and {@link org.openucc.telephony.CallControl} ports. Nothing outside this package and
 * {@code telephony.media} sees a {@code javax.sip}, {@code gov.nist} or {@code io.netty} type.
 *
 * <p>Threads: jain-sip's listener threads only screen a request (size, Max-Forwards, loops) and post
 * it to the call leg's owner, a {@link org.openucc.concurrent.SerialExecutor} over a small pool; a leg
 * changes state only there, through {@link org.openucc.telephony.sip.LegStateMachine}. Media runs on
 * Netty event loops ({@code telephony.media}) and posts DTMF / playback / recording events back to
 * the owner. Recording files are written on a writer pool, never on a loop.
 *
 * <p>Prompts and recordings reach the port by name ({@link org.openucc.telephony.Prompt},
 * {@link org.openucc.telephony.RecordingHandle}); a leg resolves them here, on its owner, through
 * {@link org.openucc.telephony.media.PromptFiles} ({@code <prompts>/<language>/<name>.wav}, with a
 * fallback language) and {@link org.openucc.telephony.media.RecordingFiles} ({@code <dir>/<id>.wav}).
 *
 * <p>The door ({@code sip.limits}): before a call takes an RTP port, {@link
 * org.openucc.telephony.sip.SipSignalling} refuses copies of a call it has (482), floods from one
 * address (503, 486) and full queues (486) through {@link org.openucc.telephony.sip.SipAdmission},
 * challenges strangers calling anything but a service number (407), and {@link
 * org.openucc.telephony.sip.AuthLockout} locks out digest guessing for REGISTER and INVITE alike.
 * Every refusal is counted in the server's {@link org.openucc.limits.Rejections}.
 *
 * <p>Wiring: {@code new SipTelephony(sipConfig, SipCredentials.of(sipConfig.accounts()), promptFiles,
 * recordingFiles, pools, rejections, queueMaxWaiting)}, hand it to
 * whatever handles inbound calls (e.g. {@link org.openucc.voice.VoiceQueueFlow}) before
 * {@code start()}; {@code stop()} hangs up what is left.
 */
package org.openucc.telephony.sip;
